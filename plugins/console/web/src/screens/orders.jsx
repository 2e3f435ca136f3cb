// Orders: the list filtered by status and payment status, and one order with its lines,
// payments and audit history, approved, fulfilled or cancelled from here.
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { Heading, Pager, ProblemBox, Scroller, Select, Status, useLoad, when } from "../ui.jsx";

const LIMIT = 50;

export function OrderList() {
  const [status, setStatus] = useState("");
  const [payment, setPayment] = useState("");
  const [page, setPage] = useState(0);
  const orders = useLoad(
    () =>
      api(
        "GET",
        `/api/orders/${query({ status, payment_status: payment, ordering: "-id", limit: LIMIT, offset: page * LIMIT })}`,
      ),
    [status, payment, page],
  );
  return (
    <section>
      <Heading>Orders</Heading>
      <div class="filters">
        <Select
          label="Status"
          value={status}
          onChange={(value) => (setStatus(value), setPage(0))}
          options={[
            ["", "Any"],
            ["pending", "Pending"],
            ["approved", "Approved"],
            ["fulfilled", "Fulfilled"],
            ["cancelled", "Cancelled"],
          ]}
        />
        <Select
          label="Payment"
          value={payment}
          onChange={(value) => (setPayment(value), setPage(0))}
          options={[
            ["", "Any"],
            ["unpaid", "Unpaid"],
            ["partially_paid", "Partially paid"],
            ["paid", "Paid"],
          ]}
        />
      </div>
      <ProblemBox error={orders.error} />
      {orders.data && (
        <>
          <Scroller label="Orders">
            <table>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col">Payment</th>
                  <th scope="col" class="number">Total</th>
                  <th scope="col">Placed</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.results.map((order) => (
                  <tr key={order.id}>
                    <td>
                      <a href={`#/orders/${order.id}`}>#{order.id}</a>
                    </td>
                    <td>
                      <a href={`#/customers/${order.customer_id}`}>{order.customer_id}</a>
                    </td>
                    <td>
                      <Status text={order.status} />
                    </td>
                    <td>
                      <Status text={order.payment_status} />
                    </td>
                    <td class="number">{order.total}</td>
                    <td>{when(order.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroller>
          {orders.data.results.length === 0 && <p>No orders.</p>}
          <Pager page={page} limit={LIMIT} count={orders.data.count} onPage={setPage} />
        </>
      )}
    </section>
  );
}

const ACTIONS = {
  pending: ["approve", "cancel"],
  approved: ["fulfil", "cancel"],
  fulfilled: [],
  cancelled: [],
};

export function OrderDetail({ id }) {
  const order = useLoad(() => api("GET", `/api/orders/${id}/`), [id]);
  const payments = useLoad(() => api("GET", `/api/payments/${query({ order_id: id })}`), [id]);
  const history = useLoad(() => api("GET", `/api/orders/${id}/history/`), [id]);
  const [actionError, setActionError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (action) => {
    setBusy(true);
    setActionError(null);
    try {
      await api("POST", `/api/orders/${id}/${action}/`);
    } catch (error) {
      setActionError(error);
    }
    setBusy(false);
    order.reload();
    history.reload();
  };
  return (
    <section>
      <Heading>Order #{id}</Heading>
      <p>
        <a href="#/orders">All orders</a>
      </p>
      <ProblemBox error={order.error} />
      {order.data && (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <Status text={order.data.status} />
            </dd>
            <dt>Payment</dt>
            <dd>
              <Status text={order.data.payment_status} /> {order.data.paid_total} of{" "}
              {order.data.total} {order.data.currency}
            </dd>
            <dt>Customer</dt>
            <dd>
              <a href={`#/customers/${order.data.customer_id}`}>{order.data.customer_id}</a>
            </dd>
            <dt>Placed</dt>
            <dd>{when(order.data.created_at)}</dd>
            {order.data.note && (
              <>
                <dt>Note</dt>
                <dd>{order.data.note}</dd>
              </>
            )}
          </dl>
          <div class="actions">
            {ACTIONS[order.data.status].map((action) => (
              <button
                type="button"
                key={action}
                disabled={busy}
                class={action === "cancel" ? "danger" : ""}
                onClick={() => act(action)}
              >
                {action[0].toUpperCase() + action.slice(1)}
              </button>
            ))}
          </div>
          <ProblemBox error={actionError} />
          <h2>Lines</h2>
          <Scroller label="Lines">
            <table>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" class="number">Quantity</th>
                  <th scope="col" class="number">Unit price</th>
                  <th scope="col" class="number">Line total</th>
                </tr>
              </thead>
              <tbody>
                {order.data.items.map((line) => (
                  <tr key={line.inventory_id}>
                    <td>
                      <a href={`#/inventory/${line.inventory_id}`}>{line.name}</a>
                    </td>
                    <td class="number">{line.quantity}</td>
                    <td class="number">{line.unit_price}</td>
                    <td class="number">{line.line_total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroller>
        </>
      )}
      <h2>Payments</h2>
      <ProblemBox error={payments.error?.status === 404 ? null : payments.error} />
      {payments.data && payments.data.results.length === 0 && <p>No payments.</p>}
      {payments.data && payments.data.results.length > 0 && (
        <Scroller label="Payments">
          <table>
            <thead>
              <tr>
                <th scope="col">Payment</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">Amount</th>
                <th scope="col">Receipt</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {payments.data.results.map((payment) => (
                <tr key={payment.id}>
                  <td>{payment.id}</td>
                  <td>
                    <Status text={payment.status} />
                  </td>
                  <td class="number">{payment.amount}</td>
                  <td>{payment.receipt}</td>
                  <td>{payment.reconciliation || payment.result_desc}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroller>
      )}
      <h2>History</h2>
      <ProblemBox error={history.error} />
      {history.data && (
        <ol class="history">
          {history.data.results.map((entry) => (
            <li key={entry.id}>
              <time datetime={entry.at}>{when(entry.at)}</time> <strong>{entry.action}</strong>{" "}
              by {entry.actor}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
