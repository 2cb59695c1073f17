// Webhook endpoints of a store: add one (URL and events; its signing secret is shown once), pause
// or resume it, get a new secret; below, recent deliveries with each attempt's status code and
// time, and "send again".
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Store } from "@paykey/sdk/api";
import type { WebhookDelivery } from "@paykey/sdk/api/webhooks";
import { useErrorText } from "../../app/errors.ts";
import { useWebhooks } from "./useWebhooks.ts";

const defaultEvents = ["payment.captured", "payment.refunded", "request.paid"];

export function WebhooksPanel({ store }: { store: Store }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const webhooks = useWebhooks(store.id);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(defaultEvents);
  const [secret, setSecret] = useState<string | undefined>();
  const eventTypes = webhooks.endpoints.data?.eventTypes ?? [];
  const eventName = (type: string) => t(`backoffice.webhooks.eventNames.${type}`, { defaultValue: type });
  const failure = webhooks.add.error ?? webhooks.rotate.error ?? webhooks.update.error ?? webhooks.redeliver.error;

  return (
    <section className="card" data-testid="webhooks">
      <h2>{t("backoffice.webhooks.title")}</h2>
      <p className="muted small">{t("backoffice.webhooks.hint")}</p>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          webhooks.add.mutate({ url: url.trim(), eventTypes: events }, { onSuccess: (answer) => (setSecret(answer.secret), setUrl("")) });
        }}
      >
        <label className="field">
          <span>{t("backoffice.webhooks.url")}</span>
          <input type="url" required inputMode="url" placeholder="https://shop.example/paykey" value={url} onChange={(event) => setUrl(event.target.value)} data-testid="webhook-url" />
        </label>
        <fieldset className="events">
          <legend>{t("backoffice.webhooks.events")}</legend>
          {eventTypes.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={events.includes(type)} onChange={(event) => setEvents(event.target.checked ? [...events, type] : events.filter((entry) => entry !== type))} />
              {eventName(type)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={webhooks.add.isPending || events.length === 0} data-testid="webhook-add">
          {webhooks.add.isPending ? t("backoffice.webhooks.adding") : t("backoffice.webhooks.add")}
        </button>
      </form>
      {secret ? (
        <div className="notice" data-testid="webhook-secret-box">
          <p>{t("backoffice.webhooks.secretOnce")}</p>
          <code data-testid="webhook-secret">{secret}</code>
        </div>
      ) : null}
      {failure ? <p className="error" role="alert">{errorText(failure)}</p> : null}
      {webhooks.endpoints.data?.endpoints.length === 0 ? <p className="muted">{t("backoffice.webhooks.none")}</p> : null}
      <ul className="list">
        {webhooks.endpoints.data?.endpoints.map((endpoint) => (
          <li key={endpoint.id} className="list-row endpoint" data-testid="webhook-endpoint">
            <code>{endpoint.url}</code>
            <span className="small muted">{endpoint.eventTypes.map(eventName).join(", ")}</span>
            {endpoint.enabled ? null : <span className="badge">{t("backoffice.webhooks.paused")}</span>}
            <span className="row">
              <button type="button" onClick={() => webhooks.update.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}>
                {endpoint.enabled ? t("backoffice.webhooks.pause") : t("backoffice.webhooks.resume")}
              </button>
              <button type="button" onClick={() => webhooks.rotate.mutate(endpoint.id, { onSuccess: (answer) => setSecret(answer.secret) })}>
                {t("backoffice.webhooks.rotate")}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <h3>{t("backoffice.webhooks.deliveries")}</h3>
      {webhooks.deliveries.data?.length === 0 ? <p className="muted small">{t("backoffice.webhooks.noDeliveries")}</p> : null}
      <ul className="list" data-testid="webhook-deliveries">
        {webhooks.deliveries.data?.map((delivery) => (
          <Delivery key={delivery.id} delivery={delivery} eventName={eventName} onRedeliver={() => webhooks.redeliver.mutate(delivery.id)} />
        ))}
      </ul>
    </section>
  );
}

function Delivery({ delivery, eventName, onRedeliver }: { delivery: WebhookDelivery; eventName: (type: string) => string; onRedeliver: () => void }) {
  const { t, i18n } = useTranslation();
  const time = (at: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium" }).format(new Date(at));
  const badge = delivery.status === "succeeded" ? "badge-ok" : delivery.status === "failed" ? "badge-refunded" : "";
  return (
    <li className="delivery" data-testid="webhook-delivery" data-status={delivery.status} data-event-id={delivery.eventId}>
      <div className="list-row">
        <strong>{eventName(delivery.eventType)}</strong>
        <span className={`badge ${badge}`}>{t(`backoffice.webhooks.status.${delivery.status}`)}</span>
        <button type="button" onClick={onRedeliver} data-testid="webhook-redeliver">
          {t("backoffice.webhooks.redeliver")}
        </button>
      </div>
      <ol className="attempts small muted">
        {delivery.attempts.map((attempt) => (
          <li key={attempt.attempt} data-testid="webhook-attempt" data-status-code={attempt.statusCode ?? ""}>
            {t("backoffice.webhooks.attempt", { attempt: attempt.attempt, time: time(attempt.at), result: attempt.statusCode ?? `${t("backoffice.webhooks.noAnswer")} (${attempt.error ?? ""})` })}
          </li>
        ))}
      </ol>
      <code className="small muted">{delivery.eventId}</code>
    </li>
  );
}
