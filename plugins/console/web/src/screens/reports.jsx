// Reports: sales by day as a chart and a table, and the CSV file of it.
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { Field, Heading, ProblemBox, Scroller, useLoad } from "../ui.jsx";

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

// SalesChart draws one bar per day, scaled to the best day, with the figures as text for
// those who cannot see it.
function SalesChart({ rows, currency }) {
  const best = Math.max(1, ...rows.map((row) => Number(row.total)));
  const width = Math.max(rows.length * 12, 120);
  return (
    <figure>
      <svg
        class="chart"
        viewBox={`0 0 ${width} 100`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Sales by day in ${currency}, ${rows[0]?.key} to ${rows.at(-1)?.key}; the table below has each day`}
      >
        {rows.map((row, at) => {
          const height = (Number(row.total) / best) * 96;
          return (
            <rect key={row.key} x={at * 12 + 1} y={100 - height} width="10" height={height}>
              <title>
                {row.key}: {row.total}
              </title>
            </rect>
          );
        })}
      </svg>
      <figcaption>
        Sales by day, {currency}: best day {best.toFixed(2)}
      </figcaption>
    </figure>
  );
}

export function Reports() {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86400000)));
  const [to, setTo] = useState(isoDay(today));
  const [period, setPeriod] = useState({ from, to });
  const [downloadError, setDownloadError] = useState(null);
  const sales = useLoad(
    () => api("GET", `/api/reports/sales/${query({ ...period, group: "day" })}`),
    [period.from, period.to],
  );
  const download = async () => {
    setDownloadError(null);
    try {
      const blob = await api("GET", `/api/reports/sales/${query({ ...period, group: "day" })}`, undefined, {
        accept: "text/csv",
        as: "blob",
      });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `sales-by-day-${period.from}-to-${period.to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (caught) {
      setDownloadError(caught);
    }
  };
  return (
    <section>
      <Heading>Sales</Heading>
      <form
        class="filters"
        aria-label="Period"
        onSubmit={(event) => {
          event.preventDefault();
          setPeriod({ from, to });
        }}
      >
        <Field label="From" name="from" type="date" value={from} onInput={setFrom} error={sales.error} />
        <Field label="To" name="to" type="date" value={to} onInput={setTo} error={sales.error} />
        <button type="submit">Show</button>
        <button type="button" onClick={download}>
          Download CSV
        </button>
      </form>
      <ProblemBox error={sales.error} shown={["from", "to"]} />
      <ProblemBox error={downloadError} />
      {sales.data && (
        <>
          <p>
            {sales.data.totals.orders} orders, {sales.data.totals.units} units,{" "}
            <strong>
              {sales.data.totals.total} {sales.data.currency}
            </strong>{" "}
            from {sales.data.from} to {sales.data.to}.
          </p>
          <SalesChart rows={sales.data.rows} currency={sales.data.currency} />
          <Scroller label="Sales by day">
            <table>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" class="number">Orders</th>
                  <th scope="col" class="number">Units</th>
                  <th scope="col" class="number">Total</th>
                </tr>
              </thead>
              <tbody>
                {sales.data.rows.map((row) => (
                  <tr key={row.key}>
                    <td>{row.label}</td>
                    <td class="number">{row.orders}</td>
                    <td class="number">{row.units}</td>
                    <td class="number">{row.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroller>
        </>
      )}
    </section>
  );
}
