// A page that failed to load or render (a stale chunk after a deploy, a bug): say so and offer a reload.
import { Component, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

function RouteErrorCard({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <section className="card" role="alert" data-testid="route-error">
      <h2>{t("routeError.title")}</h2>
      <p className="muted small">{error instanceof Error ? error.message.split("\n")[0] : null}</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        {t("common.reload")}
      </button>
    </section>
  );
}

/** Catches a page's render or chunk-loading error; `resetKey` (the location) clears it on navigation. */
export class RouteErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown; key: string }> {
  override state = { error: undefined as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey };
  }

  override render() {
    return this.state.error ? <RouteErrorCard error={this.state.error} /> : this.props.children;
  }
}
