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

/**
 * What a saved image says above the grid, since it travels alone (into a
 * document, a chat): what it shows, for which period, when it was made.
 */
export interface PngCaption {
  title: string;
  lines: readonly string[];
  /** The grid's own colours and face, so the caption belongs to it on screen and on paper. */
  background: string;
  ink: string;
  dimInk: string;
  fontFamily: string;
  fontSize: number;
}

/** The caption's height and width at `scale` 1, and a painter for it. */
function layoutCaption(context: CanvasRenderingContext2D, caption: PngCaption) {
  const pad = Math.round(caption.fontSize);
  const titleSize = Math.round(caption.fontSize * 1.3);
  const lineSize = caption.fontSize;
  const titleFont = `600 ${titleSize}px ${caption.fontFamily}`;
  const lineFont = `${lineSize}px ${caption.fontFamily}`;
  context.font = titleFont;
  let width = context.measureText(caption.title).width;
  context.font = lineFont;
  for (const line of caption.lines) width = Math.max(width, context.measureText(line).width);
  const height = pad + titleSize * 1.3 + caption.lines.length * lineSize * 1.5 + pad * 0.5;
  const paint = (target: CanvasRenderingContext2D) => {
    target.textBaseline = 'top';
    target.font = titleFont;
    target.fillStyle = caption.ink;
    target.fillText(caption.title, pad, pad);
    target.font = lineFont;
    target.fillStyle = caption.dimInk;
    caption.lines.forEach((line, i) => target.fillText(line, pad, pad + titleSize * 1.3 + i * lineSize * 1.5));
  };
  return { width: Math.ceil(width + pad * 2), height: Math.ceil(height), paint };
}

/** The SVG at twice its size (sharp on a projector or in a document) under its caption, as a PNG download. */
export async function exportSvgAsPng(svg: SVGSVGElement, caption: PngCaption, fileTitle: string, at: number): Promise<string> {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const markup = new XMLSerializer().serializeToString(svg);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    const head = layoutCaption(context, caption);
    const fullWidth = Math.max(width, head.width);
    canvas.width = fullWidth * 2;
    canvas.height = (head.height + height) * 2;
    // Resizing the canvas reset its state: scale and colour again.
    context.scale(2, 2);
    context.fillStyle = caption.background;
    context.fillRect(0, 0, fullWidth, head.height + height);
    head.paint(context);
    context.drawImage(image, 0, head.height, width, height);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'),
    );
    const fileName = `${fileTitle}_${formatFileStamp(at)}.png`;
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
