// Payments: the M-Pesa receipts that named no payable order, each matched to the order the
// customer meant (POST /api/payments/{id}/match/).
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { Field, Heading, Pager, ProblemBox, Scroller, useLoad, useSubmit, when } from "../ui.jsx";

const LIMIT = 50;

function MatchForm({ payment, onMatched }) {
  const [orderId, setOrderId] = useState("");
  const { error, submit } = useSubmit(async () => {
    await api("POST", `/api/payments/${payment.id}/match/`, { order_id: Number(orderId) });
    onMatched(payment, orderId);
  });
  return (
    <form class="inline" onSubmit={submit} aria-label={`Match receipt ${payment.receipt}`}>
      <Field
        label={`Order for ${payment.receipt}`}
        name="order_id"
        type="number"
        min="1"
        value={orderId}
        onInput={setOrderId}
        error={error}
        required
      />
      <button type="submit">Match</button>
      <ProblemBox error={error} shown={["order_id"]} />
    </form>
  );
}

export function Payments() {
  const [page, setPage] = useState(0);
  const [matched, setMatched] = useState(null);
  const unmatched = useLoad(
    () =>
      api("GET", `/api/payments/${query({ unmatched: "true", limit: LIMIT, offset: page * LIMIT })}`),
    [page],
  );
  return (
    <section>
      <Heading>Unmatched receipts</Heading>
      <p>
        Money that came to the paybill naming no order that could take it (a mistyped account
        number, a cancelled or paid order). Match each to the order the customer meant.
      </p>
      {matched && <p role="status">{matched}</p>}
      <ProblemBox error={unmatched.error} />
      {unmatched.data && (
        <>
          <Scroller label="Unmatched receipts">
            <table>
              <thead>
                <tr>
                  <th scope="col">Receipt</th>
                  <th scope="col" class="number">Amount</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Received</th>
                  <th scope="col">Why</th>
                  <th scope="col">Match</th>
                </tr>
              </thead>
              <tbody>
                {unmatched.data.results.map((payment) => (
                  <tr key={payment.id}>
                    <td>{payment.receipt}</td>
                    <td class="number">{payment.amount}</td>
                    <td>{payment.phone_number}</td>
                    <td>{when(payment.created_at)}</td>
                    <td>{payment.reconciliation}</td>
                    <td>
                      <MatchForm
                        payment={payment}
                        onMatched={(done, orderId) => {
                          setMatched(`Receipt ${done.receipt} now pays order #${orderId}.`);
                          unmatched.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroller>
          {unmatched.data.results.length === 0 && <p>Nothing to match.</p>}
          <Pager page={page} limit={LIMIT} count={unmatched.data.count} onPage={setPage} />
        </>
      )}
    </section>
  );
}
