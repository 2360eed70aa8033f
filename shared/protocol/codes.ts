// Codes of ../shared/feed-protocol.md, section "Codes". An unknown code in any of
// these fields makes an event invalid; city and district are free text.

export const CUSTOMER_TIERS = ['group', 'province', 'localA', 'localB', 'localC'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const CIRCUIT_LEVELS = ['AAA', 'AA', 'A', 'normal'] as const;
export type CircuitLevel = (typeof CIRCUIT_LEVELS)[number];

export const SERVICE_GROUPS = {
  bandwidth: [
    'ddn',
    'frame-relay',
    'atm',
    'sdh',
    'mpls-vpn',
    'circuit-lease',
    'satellite-lease',
    'xdsl',
    'lan-terminal',
    'lan-line',
  ],
  navigatorIct: [
    'switchboard',
    'wireless-broadband',
    'office-suite',
    'custom-terminal',
    'sales-manager',
    'logistics-e',
    'enterprise-114',
    'global-eye',
    'informatization',
    'it-services',
  ],
  converged: ['collab-comm', 'ptt', 'location', 'industry-sms', 'vpdn', 'police-e', 'commerce-e', 'tobacco-e'],
  fixedVoice: [
    'virtual-network',
    'ngn-virtual-network',
    'freephone-800',
    'freephone-4008',
    'enterprise-ringback',
  ],
} as const;
export type ServiceGroup = keyof typeof SERVICE_GROUPS;

export const SERVICES = [
  ...SERVICE_GROUPS.bandwidth,
  ...SERVICE_GROUPS.navigatorIct,
  ...SERVICE_GROUPS.converged,
  ...SERVICE_GROUPS.fixedVoice,
] as const;
export type Service = (typeof SERVICES)[number];

export function serviceGroupOf(service: Service): ServiceGroup {
  for (const group of Object.keys(SERVICE_GROUPS) as ServiceGroup[]) {
    if ((SERVICE_GROUPS[group] as readonly string[]).includes(service)) return group;
  }
  throw new Error(`service without a group: ${service}`);
}

export const CENTERS = ['support', 'cable', 'monitoring', 'optimization'] as const;
export type Center = (typeof CENTERS)[number];

export const CHANNELS = ['10000-9', 'account-manager', 'monitoring', 'group-one-stop', 'province-one-stop'] as const;
export type IntakeChannel = (typeof CHANNELS)[number];

export const SOURCE_LEVELS = ['group', 'province', 'city'] as const;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];

export const SATISFACTION = ['satisfied', 'neutral', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

export const REPORT_KINDS = ['progress', 'stage-feedback', 'fault-report', 'suspend-request'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_AUDIENCES = ['group', 'province-account-manager', 'customer'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

// Protocol 1.1 (../shared/feed-protocol.md, "Protocol 1.1"). REPORT_KINDS and
// REPORT_AUDIENCES above stay the documents the console composes from its
// templates; the supervision acts are added beside them, and the wire takes both.

/** 核实, 催办, 认领, 交接班: the NOC's supervision acts, reports in the protocol's sense. */
export const SUPERVISION_REPORT_KINDS = ['check', 'urge', 'acknowledge', 'handover'] as const;
export type SupervisionReportKind = (typeof SUPERVISION_REPORT_KINDS)[number];

export const SUPERVISION_AUDIENCES = ['city-noc', 'handler', 'noc'] as const;
export type SupervisionAudience = (typeof SUPERVISION_AUDIENCES)[number];

/** Every `kind` a 1.1 source takes in a `report`. */
export const UPWARD_REPORT_KINDS = [...REPORT_KINDS, ...SUPERVISION_REPORT_KINDS] as const;
export type UpwardReportKind = (typeof UPWARD_REPORT_KINDS)[number];

export const UPWARD_REPORT_AUDIENCES = [...REPORT_AUDIENCES, ...SUPERVISION_AUDIENCES] as const;
export type UpwardReportAudience = (typeof UPWARD_REPORT_AUDIENCES)[number];

/** Who each kind goes to (domain.md, "Supervision"); any other pairing is refused. */
export const AUDIENCES_BY_KIND: Readonly<Record<UpwardReportKind, readonly UpwardReportAudience[]>> = {
  progress: ['group'],
  'stage-feedback': ['province-account-manager'],
  'fault-report': ['group', 'customer'],
  'suspend-request': ['group'],
  check: ['city-noc', 'handler'],
  urge: ['city-noc', 'handler'],
  acknowledge: ['noc'],
  handover: ['noc'],
};

/** Kinds that name the clock they are about (`subject`); no other kind carries one. */
export const KINDS_WITH_SUBJECT = ['urge', 'acknowledge'] as const satisfies readonly UpwardReportKind[];

/** The cadence reports a console claims before it sends them. */
export const CLAIMABLE_REPORT_KINDS = ['progress', 'stage-feedback', 'check'] as const satisfies readonly UpwardReportKind[];
export type ClaimableReportKind = (typeof CLAIMABLE_REPORT_KINDS)[number];

/** Who answers a check or an urge: its audience. */
export const REPLY_PARTIES = ['city-noc', 'handler'] as const satisfies readonly UpwardReportAudience[];
export type ReplyParty = (typeof REPLY_PARTIES)[number];

export const REPLY_STATUSES = ['in-progress', 'waiting', 'need-help', 'repaired'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

export const EVENT_TYPES = [
  'created',
  'updated',
  'preprocessed',
  'dispatched',
  'transferred',
  'accepted',
  'progress',
  'suspended',
  'resumed',
  'repaired',
  'confirmed',
  'closed',
  'reopened',
  'report-filed',
  'callback',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Event types protocol 1.1 adds: the echo of a report, a reply to a check or urge, a claim. */
export const SUPERVISION_EVENT_TYPES = ['reported', 'replied', 'claimed'] as const;
export type SupervisionEventType = (typeof SUPERVISION_EVENT_TYPES)[number];

/** What a 1.1 source lists in its subscribe acknowledgement's `features`. */
export const PROTOCOL_FEATURES = ['report-echo', 'claims', 'replies'] as const;
export type ProtocolFeature = (typeof PROTOCOL_FEATURES)[number];

export const PROTOCOL_VERSIONS = ['1.0', '1.1'] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];
