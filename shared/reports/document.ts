// A report as structured data: the plain-text body sent upstream and the A4
// page printed for the customer are two renderings of this one document, so
// they cannot disagree.
import type { ClockState } from '../domain/types';
import type { ReportAudience, ReportKind } from '../protocol';
import type { ReportSection } from './template';

export interface DocTable {
  columns: string[];
  rows: string[][];
  /** Per row, a clock state to colour the row's state cell by (print uses it). */
  tones?: (ClockState | null)[];
  /** The one column of free text that wraps on paper; every other keeps its cells on one line. */
  wrap?: number;
}

/** The handover sheet's sections (shared/handover/document.ts). */
export const HANDOVER_SECTIONS = ['overview', 'obligations', 'breaches', 'reports', 'checks', 'suspensions', 'alarms', 'note'] as const;
export type HandoverSection = (typeof HANDOVER_SECTIONS)[number];

export interface DocSection {
  id: ReportSection | HandoverSection;
  heading: string;
  fields?: [label: string, value: string][];
  table?: DocTable;
  paragraphs?: string[];
  note?: string;
  /** The end of the document (GB/T 9704): the issuing unit and the date, 2026年12月2日. */
  signoff?: { unit: string; date: string };
}

export interface ReportDocument {
  /** A document of the report templates, or the shift handover sheet. */
  kind: ReportKind | 'handover';
  /** `customer`: what the customer reads; `noc`: the NOC's copy (every other kind, and a fault report's internal edition). */
  edition?: 'customer' | 'noc';
  audience: ReportAudience | 'noc';
  locale: 'zh-CN' | 'en';
  /** Printed report number: ticket, kind and generation minute. */
  number: string;
  /** The kind of document, for the title block (故障处理报告). */
  name: string;
  title: string;
  issuer: string;
  department: string;
  generatedAt: number;
  operator: string;
  policyVersion: string;
  salutation: string;
  lead: string;
  sections: DocSection[];
  /** Words the page furniture needs (header, footer), in the document's language. */
  furniture: { reportNumber: string; generatedAt: string; operator: string; policyVersion: string; page: string };
}

/** The plain-text rendering: the upward report's body. */
export function documentText(doc: ReportDocument): string {
  const [colon, semicolon] = doc.locale === 'en' ? [': ', '; '] : ['：', '；'];
  const out: string[] = [doc.salutation, doc.lead, ''];
  for (const section of doc.sections) {
    if (section.id === 'signature') continue;
    out.push(section.heading);
    for (const [label, value] of section.fields ?? []) out.push(`${label}${colon}${value}`);
    for (const paragraph of section.paragraphs ?? []) out.push(paragraph);
    if (section.table) {
      for (const row of section.table.rows) {
        out.push(row.map((cell, i) => (i === 0 ? cell : `${section.table!.columns[i]} ${cell}`)).join(semicolon));
      }
    }
    if (section.note) out.push(section.note);
    out.push('');
  }
  const signature = doc.sections.find((s) => s.id === 'signature');
  for (const [label, value] of signature?.fields ?? []) if (value !== '') out.push(`${label}${colon}${value}`);
  if (signature?.signoff) out.push('', signature.signoff.unit, signature.signoff.date);
  return out.join('\n').trim();
}
