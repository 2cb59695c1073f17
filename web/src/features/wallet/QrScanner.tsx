// Reads a payment QR code with the camera (getUserMedia + jsQR on video frames). Loaded only when opened.
// Without a camera (or permission) it says so; the link field above still works.
import jsQRModule from "jsqr";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

// jsqr is a UMD bundle whose export is the function (with itself as `.default`); bundlers and NodeNext types
// disagree on which of the two a default import is, so take whichever is callable.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof import("jsqr").default;

export function QrScanner({ onResult, onClose }: { onResult: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  // The latest callback, read by the frame loop (the camera starts once, not on every render).
  const resultHandler = useRef(onResult);
  resultHandler.current = onResult;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error("no camera API");
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play();
      timer = setInterval(() => {
        const element = video.current;
        if (!element || !context || element.videoWidth === 0) return;
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        context.drawImage(element, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (code?.data) resultHandler.current(code.data);
      }, 250);
    })().catch(() => setFailed(true));
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <div className="scanner" data-testid="scanner">
      {failed ? <p className="error" data-testid="no-camera">{t("wallet.noCamera")}</p> : <video ref={video} muted playsInline />}
      <button type="button" onClick={onClose}>
        {t("common.close")}
      </button>
    </div>
  );
}
