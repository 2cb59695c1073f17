// A QR code of `text` as a PNG data URL, rendered locally by `qrcode` (loaded on first use); none for "".
import { useEffect, useState } from "react";

export function useQrCode(text: string, width = 280): string | undefined {
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    setImage(undefined);
    if (!text) return;
    void import("qrcode").then(async (qrcode) => {
      const url = await qrcode.toDataURL(text, { margin: 1, width, errorCorrectionLevel: "M" });
      if (!cancelled) setImage(url);
    });
    return () => {
      cancelled = true;
    };
  }, [text, width]);
  return image;
}
