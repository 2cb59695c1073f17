// A camera for the test: Chromium plays a Y4M video file as its fake capture device. This writes one frame
// (it loops) showing a QR code of `text`, black modules on white, centred with a quiet zone — what a phone's
// camera sees when pointed at the merchant's screen.
import { writeFile } from "node:fs/promises";
import QRCode from "qrcode";

export const fakeCameraSize = { width: 640, height: 480 };

export async function writeQrCodeVideo(file: string, text: string): Promise<void> {
  const { width, height } = fakeCameraSize;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const scale = Math.floor((Math.min(width, height) * 0.8) / (modules.size + 8));
  const side = (modules.size + 8) * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  // Y4M 4:2:0: a luma plane, then two quarter-size chroma planes (128 = no colour).
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - 4;
      const column = Math.floor(x / scale) - 4;
      const dark = row >= 0 && column >= 0 && row < modules.size && column < modules.size && modules.get(row, column);
      if (dark) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  await writeFile(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]));
}
