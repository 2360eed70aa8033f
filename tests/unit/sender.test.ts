import { describe, expect, it } from 'vitest';
import { isRendererUrl } from '../../electron/main/sender';

const index = '/opt/noc/resources/app/out/renderer/index.html';

describe('which frames may call the core over IPC', () => {
  it('accepts our page on any route and with the wall query', () => {
    for (const url of [
      'file:///opt/noc/resources/app/out/renderer/index.html',
      'file:///opt/noc/resources/app/out/renderer/index.html#/province',
      'file:///opt/noc/resources/app/out/renderer/index.html?wall=1&offset=2#/heatmap',
    ]) {
      expect(isRendererUrl(url, index), url).toBe(true);
    }
  });

  it('refuses other pages, other schemes and junk', () => {
    for (const url of [
      'file:///opt/noc/resources/app/out/renderer/other.html',
      'file:///tmp/index.html',
      'https://example.com/opt/noc/resources/app/out/renderer/index.html',
      'file://evil-host/opt/noc/resources/app/out/renderer/index.html',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      expect(isRendererUrl(url, index), url).toBe(false);
    }
  });
});
