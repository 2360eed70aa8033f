import { FIRST_REPLIES_ID, firstReplies, type FirstReplies } from '../../../shared/contract';

/**
 * The first replies the page was served with (a wall's first paint in web
 * mode, shared/contract/first-paint), validated as every reply is; null when
 * the page has none, or none that validate (the app then starts as without).
 */
export function readFirstReplies(page: Pick<Document, 'getElementById'>): FirstReplies | null {
  const text = page.getElementById(FIRST_REPLIES_ID)?.textContent;
  if (!text) return null;
  try {
    const parsed = firstReplies.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    console.warn('ignored the first replies the page came with: they do not validate', parsed.error.issues[0]);
  } catch (error) {
    console.warn('ignored the first replies the page came with: not JSON', error);
  }
  return null;
}
