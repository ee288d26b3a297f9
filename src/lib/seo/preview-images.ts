/**
 * Preview images for links shared on social networks (Open Graph, 1200 × 630 PNG), drawn on the
 * server with @napi-rs/canvas and the same Noto Sans the PDFs embed, so no browser is needed and
 * every letter of German and Swedish names renders. Kept in memory per content (a shared link is
 * fetched by every network and every reader's preview).
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { FONT_FILES } from '../pdf/fonts.ts';

export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;

const COLOURS = { brand: '#0b4f8a', ink: '#1b1f2a', muted: '#4a5263', paper: '#ffffff', soft: '#eaf2fb', bad: '#a4161a' };
let fontsRegistered = false;

function registerFonts(): void {
  if (fontsRegistered) return;
  GlobalFonts.registerFromPath(FONT_FILES.regular, 'Preview Sans');
  GlobalFonts.registerFromPath(FONT_FILES.bold, 'Preview Sans Bold');
  fontsRegistered = true;
}

/** Greedy line breaking within `maxWidth`; the last line gets an ellipsis when text is left over. */
function wrap(ctx: SKRSContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const candidate = line ? `${line} ${words[i]}` : words[i];
    if (ctx.measureText(candidate).width <= maxWidth || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = words[i];
    if (lines.length === maxLines) {
      const last = lines[maxLines - 1];
      lines[maxLines - 1] = `${last.replace(/[\s,.;:]*$/, '')}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, maxLines);
}

export interface PreviewContent {
  /** Small line above the title (e.g. "Certificate of completion", or the site name). */
  kicker: string;
  title: string;
  /** Up to two lines under the title (e.g. lessons and hours, or holder and date). */
  details: string[];
  /** Bottom line (the site, or where to verify). */
  footer: string;
  /** Shown as a red band, e.g. "Revoked". */
  warning?: string;
}

const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 300;

/** The PNG of one preview. */
export function renderPreview(content: PreviewContent): Buffer {
  const key = JSON.stringify(content);
  const cached = cache.get(key);
  if (cached) return cached;
  registerFonts();
  const canvas = createCanvas(PREVIEW_WIDTH, PREVIEW_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = COLOURS.paper;
  ctx.fillRect(0, 0, PREVIEW_WIDTH, PREVIEW_HEIGHT);
  ctx.fillStyle = COLOURS.brand;
  ctx.fillRect(0, 0, 24, PREVIEW_HEIGHT);
  ctx.fillStyle = COLOURS.soft;
  ctx.fillRect(24, PREVIEW_HEIGHT - 110, PREVIEW_WIDTH - 24, 110);

  const left = 90;
  const width = PREVIEW_WIDTH - left - 80;
  ctx.textBaseline = 'top';
  ctx.fillStyle = COLOURS.brand;
  ctx.font = '34px "Preview Sans Bold"';
  ctx.fillText(content.kicker, left, 70);

  ctx.fillStyle = COLOURS.ink;
  ctx.font = '64px "Preview Sans Bold"';
  let y = 135;
  for (const line of wrap(ctx, content.title, width, 3)) {
    ctx.fillText(line, left, y);
    y += 78;
  }
  ctx.fillStyle = COLOURS.muted;
  ctx.font = '34px "Preview Sans"';
  y += 14;
  for (const detail of content.details.slice(0, 2)) {
    ctx.fillText(wrap(ctx, detail, width, 1)[0] ?? '', left, y);
    y += 48;
  }
  ctx.fillStyle = COLOURS.brand;
  ctx.font = '30px "Preview Sans Bold"';
  ctx.fillText(wrap(ctx, content.footer, width, 1)[0] ?? '', left, PREVIEW_HEIGHT - 72);
  if (content.warning) {
    ctx.fillStyle = COLOURS.bad;
    ctx.fillRect(PREVIEW_WIDTH - 330, 50, 280, 64);
    ctx.fillStyle = COLOURS.paper;
    ctx.font = '34px "Preview Sans Bold"';
    ctx.fillText(content.warning, PREVIEW_WIDTH - 310, 62);
  }
  const png = canvas.toBuffer('image/png');
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, png);
  return png;
}
