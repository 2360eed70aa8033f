// Report templates are read from disk (resources/templates/reports/<locale>.json,
// or NOC_TEMPLATES_DIR) whenever the file changes, so an edit applies to the
// next report without a rebuild or restart. A file that does not validate is
// reported and the last good version stays in use; the copies bundled with the
// program are the first "last good".
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseReportTemplate, type ReportTemplate } from '../../../shared/reports';
import bundledEn from '../../../resources/templates/reports/en.json';
import bundledZh from '../../../resources/templates/reports/zh-CN.json';

export type ReportLocale = ReportTemplate['locale'];

const RELATIVE_DIR = join('resources', 'templates', 'reports');

/** The templates folder: NOC_TEMPLATES_DIR, else the nearest resources/ above this module. */
export function defaultTemplatesDir(): string | null {
  if (process.env.NOC_TEMPLATES_DIR) return process.env.NOC_TEMPLATES_DIR;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, RELATIVE_DIR))) return join(dir, RELATIVE_DIR);
    if (dirname(dir) === dir) return null;
  }
}

function bundled(locale: ReportLocale): ReportTemplate {
  const parsed = parseReportTemplate(JSON.stringify(locale === 'en' ? bundledEn : bundledZh));
  if (!parsed.ok) throw new Error(`bundled ${locale} report template is invalid: ${parsed.errors.join('; ')}`);
  return parsed.template;
}

interface Loaded {
  template: ReportTemplate;
  /** mtime of the file the template came from; null for the bundled copy. */
  mtimeMs: number | null;
}

export class ReportTemplates {
  private readonly loaded = new Map<ReportLocale, Loaded>();
  private readonly errors = new Map<ReportLocale, string[]>();

  constructor(private readonly dir: string | null = defaultTemplatesDir()) {}

  /** The current template of `locale`, re-read if its file changed. */
  get(locale: ReportLocale): ReportTemplate {
    let current = this.loaded.get(locale);
    if (!current) {
      current = { template: bundled(locale), mtimeMs: null };
      this.loaded.set(locale, current);
    }
    const file = this.dir === null ? null : join(this.dir, `${locale}.json`);
    if (file === null || !existsSync(file)) return current.template;
    const mtimeMs = statSync(file).mtimeMs;
    if (mtimeMs === current.mtimeMs) return current.template;
    const parsed = parseReportTemplate(readFileSync(file, 'utf8'));
    if (parsed.ok && parsed.template.locale !== locale) {
      this.errors.set(locale, [`${file}: "locale" is ${parsed.template.locale}, expected ${locale}`]);
    } else if (parsed.ok) {
      this.errors.delete(locale);
      current = { template: parsed.template, mtimeMs };
      this.loaded.set(locale, current);
      return current.template;
    } else {
      this.errors.set(locale, parsed.errors.map((error) => `${file}: ${error}`));
    }
    // Remember the bad version's mtime so it is reported once, not re-parsed per report.
    this.loaded.set(locale, { template: current.template, mtimeMs });
    return current.template;
  }

  /** Why the files on disk are not in use, per locale (empty when all are). */
  problems(): string[] {
    return [...this.errors.values()].flat();
  }
}
