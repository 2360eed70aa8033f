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
