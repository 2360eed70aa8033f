// The printed page of a report: A4 portrait, a title block after GB/T 9704
// (red issuer line, centred title, report number), clean ruled tables, the
// signature block at the end, and in the page furniture the operator, the
// report number, the generation time, the policy version and "第 1 页 共 N 页".
import type { DocSection, ReportDocument } from '../../../shared/reports';
import { formatShanghaiMinute } from '../../../shared/time';
import type { PdfPrinter } from '../pdf';
import { PRINT_SANS, PRINT_SERIF } from '../pdf-fonts';

// The printer's faces cut to this document come first (pdf-fonts.ts); the system's follow.
const FONT_STACK = `'${PRINT_SERIF}','Noto Serif CJK SC','Noto Sans CJK SC','Source Han Serif SC','SimSun',serif`;
const SANS_STACK = `'${PRINT_SANS}','Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
/**
 * Escaped, with every run of letters and digits joined by hyphens (ticket and
 * circuit numbers, dates) kept on one line: a title or a cell never breaks
 * inside JS-NJ-20261122-0007.
 */
const escWhole = (text: string) => esc(text).replace(/[A-Za-z0-9]+(?:[-/.:][A-Za-z0-9]+)+/g, (token) => `<span class="whole">${token}</span>`);

// Okabe–Ito, as on screen, always beside the state's word.
const TONE: Record<string, string> = {
  ok: '#009E73',
  warning: '#E69F00',
  breached: '#D55E00',
  metLate: '#CC79A7',
  met: '#6b6b6b',
};

const STYLE = `
@page { size: A4 portrait; margin: 30mm 24mm 26mm 26mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 11.5pt; line-height: 1.65; color: #111; }
.masthead { text-align: center; color: #c00000; font-family: ${SANS_STACK}; font-weight: 700; font-size: 19pt; letter-spacing: 0.12em; }
html[lang="en"] .masthead { letter-spacing: 0.02em; font-size: 16pt; }
.rule { border: 0; border-top: 2px solid #c00000; margin: 6pt 0 2pt; }
.number { display: flex; justify-content: space-between; font-size: 9.5pt; color: #333; margin-bottom: 14pt; }
h1 { text-align: center; font-family: ${SANS_STACK}; font-size: 17pt; font-weight: 700; line-height: 1.4; margin: 8pt 0 4pt; }
.kind { text-align: center; font-size: 10.5pt; color: #444; margin-bottom: 14pt; letter-spacing: 0.3em; }
.salutation { margin: 0; }
html[lang="en"] .kind { letter-spacing: 0.04em; }
.lead { text-indent: 2em; margin: 0 0 10pt; text-align: justify; }
h2 { font-family: ${SANS_STACK}; font-size: 12pt; font-weight: 700; margin: 14pt 0 5pt; break-after: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; line-height: 1.45; margin: 0 0 4pt; }
th, td { border: 0.6pt solid #777; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #eef0f3; font-family: ${SANS_STACK}; font-weight: 700; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.fields th { width: 24%; }
td.nowrap, th.nowrap { white-space: nowrap; }
.tone { display: inline-block; width: 7pt; height: 7pt; border-radius: 50%; margin-right: 4pt; vertical-align: 0; }
p { margin: 0 0 6pt; }
.para { text-indent: 2em; text-align: justify; }
.note { font-size: 8.5pt; color: #444; margin-top: 3pt; }
.whole { white-space: nowrap; }
/* The signature never stands alone on the last page: it keeps the end of the last section with it. */
.closing { break-inside: avoid; }
.signature { margin-top: 22pt; font-size: 11.5pt; break-inside: avoid; break-before: avoid; }
.signature .lines { display: flex; gap: 12mm; }
.signature .lines div { display: flex; flex: 1; }
.signature span.label { margin-right: 1em; white-space: nowrap; }
.signature span.line { flex: 1; border-bottom: 0.6pt solid #333; min-height: 1.3em; }
.signoff { margin-top: 22pt; margin-left: auto; width: max-content; max-width: 100%; text-align: center; }
.signoff div { margin-bottom: 4pt; }
`;

function fieldsTable(fields: [string, string][]): string {
  const rows = fields.map(([label, value]) => `<tr><th>${esc(label)}</th><td>${escWhole(value)}</td></tr>`);
  return `<table class="fields"><tbody>${rows.join('')}</tbody></table>`;
}

function dataTable(section: DocSection): string {
  const table = section.table!;
  const stateColumn = table.tones ? table.columns.length - 1 : -1;
  // Times and short codes never wrap; the free text (a step's details, the time not counted) takes the rest.
  const wide = table.wrap ?? -1;
  const head = table.columns.map((c, i) => `<th class="${i === wide ? '' : 'nowrap'}">${esc(c)}</th>`).join('');
  const body = table.rows
    .map((row, r) => {
      const cells = row.map((cell, i) => {
        const tone = i === stateColumn ? table.tones?.[r] : null;
        const dot = tone && TONE[tone] ? `<span class="tone" style="background:${TONE[tone]}"></span>` : '';
        return `<td class="${i === wide ? '' : 'nowrap'}">${dot}${escWhole(cell)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function signatureHtml(section: DocSection): string {
  const lines = (section.fields ?? []).map(
    ([label, value]) => `<div><span class="label">${esc(label)}</span><span class="line">${esc(value)}</span></div>`,
  );
  const signoff = section.signoff ? `<div class="signoff"><div>${esc(section.signoff.unit)}</div><div>${esc(section.signoff.date)}</div></div>` : '';
  return `<div class="signature"><div class="lines">${lines.join('')}</div>${signoff}</div>`;
}

function sectionHtml(section: DocSection, signature: DocSection | undefined): string {
  const parts = [`<h2>${esc(section.heading)}</h2>`];
  for (const paragraph of section.paragraphs ?? []) parts.push(`<p class="para">${escWhole(paragraph)}</p>`);
  if (section.fields?.length) parts.push(fieldsTable(section.fields));
  if (section.table) parts.push(dataTable(section));
  if (section.note) parts.push(`<p class="note">${esc(section.note)}</p>`);
  if (!signature) return `<section>${parts.join('')}</section>`;
  // The last section's closing part (its last block) and the signature share one unbreakable box.
  const last = parts.pop()!;
  return `<section>${parts.join('')}<div class="closing">${last}${signatureHtml(signature)}</div></section>`;
}

function body(doc: ReportDocument): string {
  const signature = doc.sections.find((s) => s.id === 'signature');
  const sections = doc.sections.filter((s) => s.id !== 'signature');
  return sections.map((section, i) => sectionHtml(section, i === sections.length - 1 ? signature : undefined)).join('\n');
}

/** The page body as a self-contained HTML document (no network, no script). */
export function reportHtml(doc: ReportDocument): string {
  const generated = formatShanghaiMinute(doc.generatedAt);
  const sep = doc.locale === 'en' ? ': ' : '：';
  return `<!doctype html><html lang="${doc.locale}"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${STYLE}${pageFurniture(doc)}</style></head><body>
<div class="masthead">${esc(doc.issuer)}</div>
<hr class="rule">
<div class="number"><span>${esc(doc.department)}</span><span>${esc(doc.furniture.reportNumber)}${sep}${esc(doc.number)}</span></div>
<h1>${escWhole(doc.title)}</h1>
<div class="kind">${esc(doc.name)} · ${esc(doc.furniture.generatedAt)}${sep}${esc(generated)}</div>
<p class="salutation">${esc(doc.salutation)}</p>
<p class="lead">${escWhole(doc.lead)}</p>
${body(doc)}
</body></html>`;
}

// Serif: the print faces are a regular serif and a bold sans, and the furniture is regular text.
/** A CSS string literal. */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\A ')}"`;

const FURNITURE = `font-family: ${FONT_STACK}; font-size: 7.5pt; font-weight: 400; color: #555;`;

/**
 * The running header and footer, in the page's margin boxes (see PdfPrinter):
 * Chromium counts the pages (第 1 页 共 N 页).
 */
export function pageFurniture(doc: ReportDocument): string {
  const sep = doc.locale === 'en' ? ': ' : '：';
  const f = doc.furniture;
  const page = f.page
    .split(/(\{\{page\}\}|\{\{pages\}\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{{page}}' ? 'counter(page)' : part === '{{pages}}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
  const footer = `${f.operator}${sep}${doc.operator} · ${f.generatedAt}${sep}${formatShanghaiMinute(doc.generatedAt)} · ${f.policyVersion}${sep}${doc.policyVersion}`;
  // The header names the document, not the issuer (the masthead does): an English issuer and the number did not fit one line.
  return `@page {
  @top-left { content: ${cssString(doc.name)}; ${FURNITURE} vertical-align: bottom; padding-bottom: 6mm; white-space: nowrap; }
  @top-right { content: ${cssString(`${f.reportNumber}${sep}${doc.number}`)}; ${FURNITURE} vertical-align: bottom; padding-bottom: 6mm; white-space: nowrap; }
  @bottom-left { content: ${cssString(footer)}; ${FURNITURE} vertical-align: top; padding-top: 6mm; white-space: nowrap; }
  @bottom-right { content: ${page}; ${FURNITURE} vertical-align: top; padding-top: 6mm; white-space: nowrap; }
}`;
}

/** The report as an A4 PDF. */
export function printReport(printer: PdfPrinter, doc: ReportDocument): Promise<Buffer> {
  return printer.printPdf(reportHtml(doc));
}
