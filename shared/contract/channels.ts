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
  'settings:get',
  'settings:set',
] as const;

export const PUSH_CHANNELS = ['board:delta', 'feed:status', 'settings:changed'] as const;
