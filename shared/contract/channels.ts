// Channel names as plain lists, for the sandboxed preload: it filters channels
// without bundling the schemas. index.ts proves at compile time that these lists
// equal the keys of `requests` and `pushes`.
export const REQUEST_CHANNELS = [
  'app:info',
  'board:list',
  'ticket:get',
  'board:export',
  'feed:status',
  'feed:quarantine',
  'feed:set-token',
  'heatmap:query',
  'heatmap:drill',
  'heatmap:export-csv',
  'stats:query',
  'risk:daily',
  'settings:get',
  'settings:set',
  'report:send',
  'report:check',
  'report:urge',
  'report:send-due',
  'report:list',
  'report:resend',
  'report:pdf',
  'handover:sheet',
  'handover:sign',
  'handover:acknowledge',
  'handover:list',
  'handover:get',
  'handover:pdf',
  'alarm:list',
  'alarm:acknowledge',
  'alarm:silence',
  'alarm:log',
  'alarm:export',
] as const;

export const PUSH_CHANNELS = ['board:delta', 'feed:status', 'settings:changed', 'report:changed', 'handover:changed', 'alarm:changed'] as const;
