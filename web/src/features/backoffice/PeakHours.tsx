// The peak-hours grid: sales per local weekday (rows) and hour (columns), shaded by count.
import { useTranslation } from "react-i18next";
import type { Analytics } from "@paykey/sdk/api/analytics";

export function PeakHours({ cells }: { cells: Analytics["peakHours"] }) {
  const { t } = useTranslation();
  const weekdays = t("backoffice.analytics.weekdays", { returnObjects: true }) as string[];
  const max = Math.max(1, ...cells.map((cell) => cell.orders));
  const count = (weekday: number, hour: number) => cells.find((cell) => cell.weekday === weekday && cell.hour === hour)?.orders ?? 0;
  return (
    <figure className="peak-hours" aria-label={t("backoffice.analytics.peakHoursLabel")} data-testid="peak-hours">
      <div className="peak-grid">
        <span />
        {Array.from({ length: 24 }, (_unused, hour) => (
          <span key={hour} className="peak-hour">{hour % 6 === 0 ? hour : ""}</span>
        ))}
        {weekdays.map((name, index) => (
          <div key={name} className="peak-row">
            <span className="peak-day">{name}</span>
            {Array.from({ length: 24 }, (_unused, hour) => {
              const orders = count(index + 1, hour);
              return (
                <span
                  key={hour}
                  className="peak-cell"
                  title={`${name} ${String(hour).padStart(2, "0")}:00 · ${orders}`}
                  style={{ background: orders === 0 ? undefined : `rgba(15, 81, 50, ${0.15 + (0.85 * orders) / max})` }}
                />
              );
            })}
          </div>
        ))}
      </div>
    </figure>
  );
}
