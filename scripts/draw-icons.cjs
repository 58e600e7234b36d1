#!/usr/bin/env node
/**
 * Draws the add-in icons (assets/icon-16/32/64/80/128.png): a red rounded tile with a white report
 * sheet whose three progress bars grow, and a green tick. Shapes are signed-distance functions
 * sampled 4×4 per pixel, so every size is drawn, not scaled. Run once after changing the design;
 * the PNGs are committed.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Signed distance to a rounded box centred at (cx, cy) with half sizes (hx, hy) and radius r.
function box(x, y, cx, cy, hx, hy, r) {
  const qx = Math.abs(x - cx) - hx + r, qy = Math.abs(y - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function segment(x, y, ax, ay, bx, by) {
  const pax = x - ax, pay = y - ay, bax = bx - ax, bay = by - ay;
  const h = Math.max(0, Math.min(1, (pax * bax + pay * bay) / (bax * bax + bay * bay)));
  return Math.hypot(pax - bax * h, pay - bay * h);
}

const RED = [200, 16, 46], WHITE = [255, 255, 255], BAR = [200, 16, 46], BAR_LIGHT = [244, 190, 198], GREEN = [16, 124, 65];

// Layers in unit coordinates (0..1); later layers paint over earlier ones.
function layers(size) {
  const small = size <= 16;
  const bars = small
    ? [[0.30, 0.36], [0.30, 0.50], [0.30, 0.64]].map(([x, y], i) => ({ x, y, len: [0.20, 0.30, 0.40][i] }))
    : [[0.31, 0.38], [0.31, 0.50], [0.31, 0.62]].map(([x, y], i) => ({ x, y, len: [0.18, 0.27, 0.36][i] }));
  const bh = small ? 0.045 : 0.035;
  return [
    { color: RED, d: (x, y) => box(x, y, 0.5, 0.5, 0.47, 0.47, 0.16) },
    { color: WHITE, d: (x, y) => box(x, y, 0.46, 0.52, small ? 0.27 : 0.25, small ? 0.32 : 0.31, 0.04) },
    ...bars.map((b) => ({ color: BAR_LIGHT, d: (x, y) => box(x, y, b.x + 0.2, b.y, 0.2, bh, bh) })),
    ...bars.map((b) => ({ color: BAR, d: (x, y) => box(x, y, b.x + b.len / 2, b.y, b.len / 2, bh, bh) })),
    ...(small
      ? []
      : [
          { color: WHITE, d: (x, y) => Math.hypot(x - 0.72, y - 0.74) - 0.17 },
          { color: GREEN, d: (x, y) => Math.hypot(x - 0.72, y - 0.74) - 0.14 },
          { color: WHITE, d: (x, y) => Math.min(segment(x, y, 0.645, 0.745, 0.70, 0.80), segment(x, y, 0.70, 0.80, 0.80, 0.685)) - 0.028 },
        ]),
  ];
}

function draw(size) {
  const out = Buffer.alloc(size * size * 4);
  const L = layers(size);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size, y = (py + (sy + 0.5) / S) / size;
          let c = null;
          for (const layer of L) if (layer.d(x, y) <= 0) c = layer.color;
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) { out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a); }
      out[i + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return png(size, out);
}

const dir = path.join(__dirname, '..', 'assets');
fs.mkdirSync(dir, { recursive: true });
for (const size of [16, 32, 64, 80, 128]) fs.writeFileSync(path.join(dir, `icon-${size}.png`), draw(size));
console.log('icons written to', dir);
