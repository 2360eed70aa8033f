// Saving what the page shows. The grid is one self-contained SVG, so the PNG is
// that SVG drawn onto a canvas (no screenshot library); the CSV comes from main,
// which recomputes the numbers with the same query the page used.
import type { Bridge } from '../../bridge';
import type { HeatmapGrouping } from '../../../../shared/contract';
import type { Locale } from '../../../../shared/i18n';
import { formatFileStamp } from '../../../../shared/time';

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has handed the URL to the download already; free it after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The SVG at twice its size (sharp on a projector or in a document) as a PNG download. */
export async function exportSvgAsPng(svg: SVGSVGElement, title: string, at: number): Promise<string> {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const markup = new XMLSerializer().serializeToString(svg);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'),
    );
    const fileName = `${title}_${formatFileStamp(at)}.png`;
    saveBlob(png, fileName);
    return fileName;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportHeatmapCsv(
  bridge: Bridge,
  args: { from: number; to: number; by: HeatmapGrouping; locale: Locale },
): Promise<string> {
  const file = await bridge.invoke('heatmap:export-csv', args);
  const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: file.mime }), file.fileName);
  return file.fileName;
}
