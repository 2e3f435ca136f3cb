// Reports: sales by day as a chart and a table, and the CSV file of it.
import { useEffect, useState } from "preact/hooks";
import { api, query } from "../api.js";
import { Field, Heading, ProblemBox, Scroller, useLoad } from "../ui.jsx";

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
  // The first period is the server's default, the 30 days to the shop's today in its
  // [reports] timezone: the browser's clock may be on another day (in UTC, Nairobi's
  // evening orders fall on tomorrow). The fields then show the days it chose.
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [period, setPeriod] = useState({ from, to });
  const [downloadError, setDownloadError] = useState(null);
  const sales = useLoad(
    () => api("GET", `/api/reports/sales/${query({ ...period, group: "day" })}`),
    [period.from, period.to],
  );
  useEffect(() => {
    if (sales.data && !from && !to) {
      setFrom(sales.data.from);
      setTo(sales.data.to);
    }
  }, [sales.data]);
  const download = async () => {
    setDownloadError(null);
    try {
      const blob = await api("GET", `/api/reports/sales/${query({ ...period, group: "day" })}`, undefined, {
        accept: "text/csv",
        as: "blob",
      });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      const first = period.from || sales.data?.from;
      const last = period.to || sales.data?.to;
      link.download = `sales-by-day-${first}-to-${last}.csv`;
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
