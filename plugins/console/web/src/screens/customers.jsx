// Customers: searched by name, code or phone; a new one; one edited.
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { go } from "../route.js";
import { Field, Heading, Pager, ProblemBox, Scroller, useLoad, useSubmit } from "../ui.jsx";

const LIMIT = 50;

export function CustomerList() {
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(0);
  const customers = useLoad(
    () => api("GET", `/api/customers/${query({ search, limit: LIMIT, offset: page * LIMIT })}`),
    [search, page],
  );
  return (
    <section>
      <Heading>Customers</Heading>
      <p>
        <a class="button" href="#/customers/new">
          New customer
        </a>
      </p>
      <div class="filters">
        <Field
          label="Search name, code or phone"
          name="search"
          type="search"
          value={search}
          onInput={(value) => (setSearch(value), setPage(0))}
        />
      </div>
      <ProblemBox error={customers.error} />
      {customers.data && (
        <>
          <Scroller label="Customers">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Code</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Email</th>
                </tr>
              </thead>
              <tbody>
                {customers.data.results.map((customer) => (
                  <tr key={customer.id}>
                    <td>
                      <a href={`#/customers/${customer.id}`}>{customer.name}</a>
                    </td>
                    <td>{customer.code}</td>
                    <td>{customer.phone_number}</td>
                    <td>{customer.email}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroller>
          {customers.data.results.length === 0 && <p>No customers.</p>}
          <Pager page={page} limit={LIMIT} count={customers.data.count} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function CustomerForm({ customer, onSaved }) {
  const [name, setName] = useState(customer?.name ?? "");
  const [code, setCode] = useState(customer?.code ?? "");
  const [phone, setPhone] = useState(customer?.phone_number ?? "");
  const [email, setEmail] = useState(customer?.email ?? "");
  const { error, done: saved, submit } = useSubmit(async () => {
    const body = { name, code, phone_number: phone, email: email || null };
    const answer = customer
      ? await api("PATCH", `/api/customers/${customer.id}/`, body)
      : await api("POST", "/api/customers/", body);
    onSaved(answer);
  });
  return (
    <form onSubmit={submit} aria-label={customer ? "Edit the customer" : "New customer"}>
      <Field label="Name" name="name" value={name} onInput={setName} error={error} required />
      <Field label="Code" name="code" value={code} onInput={setCode} error={error} required />
      <Field
        label="Phone number"
        name="phone_number"
        type="tel"
        value={phone}
        onInput={setPhone}
        error={error}
        required
      />
      <Field
        label="Email (optional)"
        name="email"
        type="email"
        value={email}
        onInput={setEmail}
        error={error}
      />
      <ProblemBox error={error} shown={["name", "code", "phone_number", "email"]} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit">{customer ? "Save" : "Create customer"}</button>
    </form>
  );
}

export function NewCustomer() {
  return (
    <section>
      <Heading>New customer</Heading>
      <p>
        <a href="#/customers">All customers</a>
      </p>
      <CustomerForm onSaved={(customer) => go(`customers/${customer.id}`)} />
    </section>
  );
}

export function CustomerDetail({ id }) {
  const customer = useLoad(() => api("GET", `/api/customers/${id}/`), [id]);
  const orders = useLoad(() => api("GET", `/api/orders/${query({ customer_id: id })}`), [id]);
  return (
    <section>
      <Heading>Customer {customer.data ? customer.data.name : `#${id}`}</Heading>
      <p>
        <a href="#/customers">All customers</a>
      </p>
      <ProblemBox error={customer.error} />
      {customer.data && (
        <CustomerForm
          key={customer.data.updated_at}
          customer={customer.data}
          onSaved={customer.reload}
        />
      )}
      {customer.data?.sms_opt_out && <p>This customer texted STOP: duka sends them no SMS.</p>}
      <h2>Orders</h2>
      {orders.data && (
        <ul>
          {orders.data.results.map((order) => (
            <li key={order.id}>
              <a href={`#/orders/${order.id}`}>#{order.id}</a> {order.status}, {order.total}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
