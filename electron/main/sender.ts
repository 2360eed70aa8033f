import { pathToFileURL } from 'node:url';

/**
 * Whether a frame's URL is our renderer page, whatever its route (#/…) or wall
 * query (?wall=1): IPC answers only that page. Pure, so it is tested under Node.
 */
export function isRendererUrl(frameUrl: string, rendererIndex: string): boolean {
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  return url.protocol === 'file:' && url.host === '' && url.pathname === pathToFileURL(rendererIndex).pathname;
}
