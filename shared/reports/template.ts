// Report templates are data (resources/templates/reports/<locale>.json): the
// wording of every kind, its audience and which sections it carries. Code
// tables (services, tiers, stages, clocks…) come from shared/i18n so a report
// uses the very words the screen shows. A template is validated as a whole,
// placeholders included, so a typo is an error at load, never a hole in a
// report sent to the group company.
import { z } from 'zod';
import { REPORT_AUDIENCES, REPORT_KINDS } from '../protocol';
import { STAGES } from '../domain/types';

export const REPORT_SECTIONS = ['facts', 'status', 'timeline', 'clocks', 'cause', 'confirmation', 'nextSteps', 'obligations', 'history', 'signature'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Everything a `{{name}}` in a template may refer to. */
export const PLACEHOLDERS = [
  'ticketId',
  'customer',
  'customerTier',
  'circuit',
  'circuitLevel',
  'service',
  'city',
  'district',
  'title',
  'stage',
  'holder',
  'createdAt',
  'elapsed',
  'expectedRecovery',
  'cause',
  'resolution',
  'suspensionReason',
  'accountManager',
  'sourceName',
  'operator',
  'generatedAt',
  'policyVersion',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateVars = Record<Placeholder, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

const text = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    for (const match of value.matchAll(PLACEHOLDER)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(match[1]!)) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${match[1]}}}; known: ${PLACEHOLDERS.join(', ')}` });
      }
    }
  });

const kindTemplate = z.strictObject({
  audience: z.enum(REPORT_AUDIENCES),
  /** The document's name in the title block, e.g. 故障处理报告. */
  name: z.string().min(1),
  title: text,
  /** The addressee line above the body (主送), flush left. */
  salutation: text,
  lead: text,
  sections: z.array(z.enum(REPORT_SECTIONS)).min(1),
});

const labels = z.strictObject({
  reportNumber: z.string(),
  generatedAt: z.string(),
  operator: z.string(),
  operatorUnset: z.string(),
  policyVersion: z.string(),
  page: z.string().describe('Footer; {{page}} and {{pages}} become the page numbers.'),
  ticketId: z.string(),
  source: z.string(),
  customer: z.string(),
  customerTier: z.string(),
  circuit: z.string(),
  service: z.string(),
  city: z.string(),
  title: z.string(),
  accountManager: z.string(),
  stage: z.string(),
  holder: z.string(),
  createdAt: z.string(),
  elapsed: z.string(),
  suspension: z.string(),
  time: z.string(),
  step: z.string(),
  detail: z.string(),
  clock: z.string(),
  limit: z.string(),
  started: z.string(),
  due: z.string(),
  stopped: z.string(),
  paused: z.string(),
  state: z.string(),
  cause: z.string(),
  resolution: z.string(),
  prevention: z.string(),
  confirmedAt: z.string(),
  confirmer: z.string(),
  counted: z.string().describe('Clock table: the time the limit counted.'),
  excluded: z.string().describe('Clock table: the time the limit did not count.'),
  excludedSuspension: z.string(),
  excludedReopen: z.string().describe('Time a repaired or closed ticket waited before it was reopened.'),
  excludedNonWorking: z.string(),
  endedUnreportedOverdue: z.string().describe('A report obligation that fell due and ended with the ticket, unreported.'),
  endedUnreportedNotDue: z.string().describe('A report obligation that ended with the ticket before it fell due.'),
  recoveryOverdue: z.string().describe('Instead of an estimate once the repair deadline {{due}} has passed.'),
  nocEdition: z.string().describe("Appended to a fault report's name in the NOC's own copy."),
  unknown: z.string(),
  expectedRecovery: z.string(),
  recoveredAt: z.string(),
  kind: z.string(),
  receipt: z.string(),
  reportState: z.string(),
  noReports: z.string(),
  reporter: z.string(),
  reviewer: z.string(),
  date: z.string(),
  none: z.string(),
  clockNote: z.string().describe('Under the clock table; {{policyVersion}} is the policy version.'),
});

export const reportTemplateSchema = z.strictObject({
  $schema: z.string().optional(),
  locale: z.enum(['zh-CN', 'en']),
  /** The issuing body in the title block (发文机关). */
  issuer: z.string().min(1),
  department: z.string().min(1),
  /** Section headings; the document numbers them in order (一、二、… / 1. 2. …). */
  sections: z.strictObject(Object.fromEntries(REPORT_SECTIONS.map((s) => [s, z.string().min(1)])) as Record<ReportSection, z.ZodString>),
  labels,
  limitUnits: z.strictObject({ minutes: z.string(), hours: z.string(), workingDays: z.string() }),
  reportStates: z.strictObject({ queued: z.string(), sent: z.string(), acknowledged: z.string(), refused: z.string(), yielded: z.string() }),
  preprocessResult: z.strictObject({ resolved: z.string(), failed: z.string() }),
  /** What happens next, by the ticket's stage; `suspended` while it is suspended. */
  nextSteps: z.strictObject({
    ...(Object.fromEntries(STAGES.map((s) => [s, text])) as Record<(typeof STAGES)[number], typeof text>),
    suspended: text,
  }),
  kinds: z.strictObject(Object.fromEntries(REPORT_KINDS.map((k) => [k, kindTemplate])) as Record<(typeof REPORT_KINDS)[number], typeof kindTemplate>),
});
export type ReportTemplate = z.infer<typeof reportTemplateSchema>;

export type ParsedTemplate = { ok: true; template: ReportTemplate } | { ok: false; errors: string[] };

/** Parses a template file's text; errors name the field path ("kinds.progress.title: …"). */
export function parseReportTemplate(json: string): ParsedTemplate {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, errors: [`not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = reportTemplateSchema.safeParse(raw);
  if (parsed.success) return { ok: true, template: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}

/** Replaces every `{{name}}` with its value (validated names only reach here). */
export function fill(template: string, vars: Partial<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => String(vars[name] ?? ''));
}
