import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportTemplates } from '../../../electron/core/reports/templates';
import { fill, parseReportTemplate, PLACEHOLDERS, type ReportTemplate } from '../../../shared/reports';
import { REPORT_KINDS } from '../../../shared/protocol';

const BUNDLED = join(__dirname, '../../../resources/templates/reports');
const read = (locale: string) => readFileSync(join(BUNDLED, `${locale}.json`), 'utf8');
let dirs: string[] = [];

function copyOfBundled(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-templates-'));
  dirs.push(dir);
  for (const locale of ['zh-CN', 'en']) copyFileSync(join(BUNDLED, `${locale}.json`), join(dir, `${locale}.json`));
  return dir;
}

/** Rewrites a template file with a new mtime, as an editor saving it would. */
function edit(dir: string, locale: string, change: (template: ReportTemplate) => void, bump: number): void {
  const file = join(dir, `${locale}.json`);
  const template = JSON.parse(readFileSync(file, 'utf8')) as ReportTemplate;
  change(template);
  writeFileSync(file, JSON.stringify(template));
  const t = new Date(Date.now() + bump * 1000);
  utimesSync(file, t, t);
}

afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('report templates', () => {
  it('ship valid in Chinese and English, with every kind and only known placeholders', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const parsed = parseReportTemplate(read(locale));
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      if (!parsed.ok) continue;
      expect(parsed.template.locale).toBe(locale);
      expect(Object.keys(parsed.template.kinds).sort()).toEqual([...REPORT_KINDS].sort());
    }
  });

  it('refuse an unknown placeholder, a missing kind and bad JSON, naming where', () => {
    const template = JSON.parse(read('zh-CN'));
    template.kinds.progress.title = '关于{{customer}}的{{cusotmer}}';
    delete template.kinds['suspend-request'];
    const parsed = parseReportTemplate(JSON.stringify(template));
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors.find((e) => e.startsWith('kinds.progress.title:'))).toContain('unknown placeholder {{cusotmer}}');
    expect(errors.some((e) => e.startsWith('kinds.suspend-request:'))).toBe(true);
    const broken = parseReportTemplate('{"locale": "zh-CN",');
    expect(broken.ok ? [] : broken.errors[0]).toMatch(/^not valid JSON/);
  });

  it('fill every placeholder and leave other text alone', () => {
    const vars = Object.fromEntries(PLACEHOLDERS.map((name) => [name, `<${name}>`]));
    expect(fill('{{customer}}（{{ customerTier }}）于 {{createdAt}}', vars)).toBe('<customer>（<customerTier>）于 <createdAt>');
  });

  it('apply an edited file to the next report without a restart, and keep the last good one when an edit is broken', () => {
    const dir = copyOfBundled();
    const templates = new ReportTemplates(dir);
    const original = templates.get('zh-CN').kinds.progress.title;

    edit(dir, 'zh-CN', (t) => (t.kinds.progress.title = '【进度】{{customer}}'), 10);
    expect(templates.get('zh-CN').kinds.progress.title).toBe('【进度】{{customer}}');
    expect(templates.problems()).toEqual([]);

    edit(dir, 'zh-CN', (t) => (t.kinds.progress.title = '{{nobody}}'), 20);
    expect(templates.get('zh-CN').kinds.progress.title).toBe('【进度】{{customer}}');
    expect(templates.problems()).toEqual([expect.stringContaining('kinds.progress.title: unknown placeholder {{nobody}}')]);
    expect(templates.problems()[0]).toContain(join(dir, 'zh-CN.json'));

    edit(dir, 'zh-CN', (t) => (t.kinds.progress.title = original), 30);
    expect(templates.get('zh-CN').kinds.progress.title).toBe(original);
    expect(templates.problems()).toEqual([]);
  });

  it('refuse a file whose locale is not its name, and use the bundled copy when the folder has none', () => {
    const dir = copyOfBundled();
    edit(dir, 'en', (t) => (t.locale = 'zh-CN'), 10);
    const templates = new ReportTemplates(dir);
    expect(templates.get('en').locale).toBe('en');
    expect(templates.problems()).toEqual([expect.stringContaining('"locale" is zh-CN, expected en')]);
    const empty = mkdtempSync(join(tmpdir(), 'noc-templates-empty-'));
    dirs.push(empty);
    expect(new ReportTemplates(empty).get('zh-CN').kinds['fault-report'].name).toBe('故障处理报告');
  });
});
