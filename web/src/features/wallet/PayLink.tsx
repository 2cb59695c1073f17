// Pay a request from its link (pasted) or its QR code (camera, where the device has one).
import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

const QrScanner = lazy(async () => ({ default: (await import("./QrScanner.tsx")).QrScanner }));

/** The request id in a payment link (`…/pay/<id>`), or undefined. */
export function requestIdFromLink(text: string): string | undefined {
  const match = /\/pay\/([A-Za-z0-9_-]{8,64})(?:[/?#]|$)/.exec(text.trim());
  if (match) return match[1];
  return /^[A-Za-z0-9_-]{8,64}$/.test(text.trim()) ? text.trim() : undefined;
}

export function PayLink() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [link, setLink] = useState("");
  const [scanning, setScanning] = useState(false);
  const [invalid, setInvalid] = useState(false);

  const open = (text: string) => {
    const id = requestIdFromLink(text);
    setInvalid(!id);
    if (id) void navigate(`/pay/${id}`);
  };

  return (
    <section className="card" data-testid="pay-link">
      <h2>{t("wallet.payTitle")}</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          open(link);
        }}
      >
        <input
          value={link}
          onChange={(event) => setLink(event.target.value)}
          placeholder={t("wallet.linkPlaceholder")}
          aria-label={t("wallet.linkPlaceholder")}
          inputMode="url"
          data-testid="pay-link-input"
        />
        <button type="submit" className="primary">
          {t("wallet.open")}
        </button>
      </form>
      {invalid ? <p className="error">{t("wallet.badLink")}</p> : null}
      {scanning ? (
        <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
          <QrScanner onResult={(text) => { setScanning(false); open(text); }} onClose={() => setScanning(false)} />
        </Suspense>
      ) : (
        <button type="button" data-testid="scan" onClick={() => setScanning(true)}>
          {t("wallet.scan")}
        </button>
      )}
    </section>
  );
}
