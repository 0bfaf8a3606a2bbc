// Test files made on the fly: real PNGs (zlib + CRC), a tiny real PDF, text
// posing as a JPEG, and big real JPEGs encoded by the browser itself.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';

export type TestFile = { name: string; mimeType: string; buffer: Buffer };

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A solid-colour RGB PNG; `seed` varies the colour so each file hashes differently. */
export function png(name: string, seed: number, w = 64, h = 40): TestFile {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row.set([(seed * 37) & 255, (seed * 91 + x) & 255, (seed * 13) & 255], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { name, mimeType: 'image/png', buffer };
}

export function pdf(name: string): TestFile {
  const body = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
4 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
trailer << /Root 1 0 R >>
%%EOF
`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body) };
}

export function textPosingAsJpeg(): TestFile {
  return { name: '营业执照.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是图片，只是改了扩展名的文本文件。\n'.repeat(20)) };
}

/** A real JPEG of random noise, re-encoded until it is between `min` and `max` bytes. */
export async function noisyJpeg(page: Page, min: number, max: number): Promise<TestFile> {
  const b64 = await page.evaluate(
    async ([min, max]) => {
      let side = 1500;
      for (let attempt = 0; attempt < 12; attempt++) {
        const c = new OffscreenCanvas(side, side);
        const ctx = c.getContext('2d')!;
        const img = ctx.createImageData(side, side);
        for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (Math.random() * 256) | 0;
        ctx.putImageData(img, 0, 0);
        const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        if (blob.size >= min && blob.size <= max) {
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let s = '';
          for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return btoa(s);
        }
        side = Math.round(side * Math.sqrt(((min + max) / 2) / blob.size));
      }
      throw new Error('could not make a JPEG of the wanted size');
    },
    [min, max],
  );
  return { name: '营业执照-大.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

/** An RGB PNG of pseudo-random noise (incompressible, so it spans several upload chunks). */
export function noisePng(name: string, seed: number, w: number, h: number): TestFile {
  let x = seed * 2654435761 + 1;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255;
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let i = 1; i < row.length; i++) row[i] = rnd();
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { name, mimeType: 'image/png', buffer };
}
