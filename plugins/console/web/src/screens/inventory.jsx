// Inventory: items searched and filtered by stock (low stock marked), a new item, and one
// item edited or adjusted with a reason.
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { go } from "../route.js";
import {
  Field,
  Heading,
  Pager,
  ProblemBox,
  Scroller,
  Select,
  Status,
  useLoad,
  useSubmit,
} from "../ui.jsx";

const LIMIT = 50;

export function ItemList() {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(0);
  const items = useLoad(
    () =>
      api("GET", `/api/inventory/${query({ search, status, limit: LIMIT, offset: page * LIMIT })}`),
    [search, status, page],
  );
  return (
    <section>
      <Heading>Inventory</Heading>
      <p>
        <a class="button" href="#/inventory/new">
          New item
        </a>
      </p>
      <div class="filters">
        <Field
          label="Search"
          name="search"
          type="search"
          value={search}
          onInput={(value) => (setSearch(value), setPage(0))}
        />
        <Select
          label="Stock"
          value={status}
          onChange={(value) => (setStatus(value), setPage(0))}
          options={[
            ["", "Any"],
            ["in_stock", "In stock"],
            ["low_stock", "Low stock"],
            ["out_of_stock", "Out of stock"],
          ]}
        />
      </div>
      <ProblemBox error={items.error} />
      {items.data && (
        <>
          <Scroller label="Items">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">SKU</th>
                  <th scope="col" class="number">Price</th>
                  <th scope="col" class="number">Available</th>
                  <th scope="col" class="number">On hand</th>
                  <th scope="col">Stock</th>
                </tr>
              </thead>
              <tbody>
                {items.data.results.map((item) => (
                  <tr key={item.id} class={item.status === "in_stock" ? "" : "attention"}>
                    <td>
                      <a href={`#/inventory/${item.id}`}>{item.name}</a>
                    </td>
                    <td>{item.sku}</td>
                    <td class="number">{item.price}</td>
                    <td class="number">{item.available}</td>
                    <td class="number">{item.on_hand}</td>
                    <td>
                      <Status text={item.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroller>
          {items.data.results.length === 0 && <p>No items.</p>}
          <Pager page={page} limit={LIMIT} count={items.data.count} onPage={setPage} />
        </>
      )}
    </section>
  );
}

// ItemForm creates an item (no id) or edits one.
function ItemForm({ item, onSaved }) {
  const [name, setName] = useState(item?.name ?? "");
  const [sku, setSku] = useState(item?.sku ?? "");
  const [price, setPrice] = useState(item?.price ?? "");
  const [onHand, setOnHand] = useState("0");
  const [warnLimit, setWarnLimit] = useState(String(item?.warn_limit ?? 5));
  const { error, done: saved, submit } = useSubmit(async () => {
    const body = { name, sku: sku || null, price, warn_limit: Number(warnLimit) };
    const answer = item
      ? await api("PATCH", `/api/inventory/${item.id}/`, body)
      : await api("POST", "/api/inventory/", { ...body, on_hand: Number(onHand) });
    onSaved(answer);
  });
  const shown = ["name", "sku", "price", "on_hand", "warn_limit"];
  return (
    <form onSubmit={submit} aria-label={item ? "Edit the item" : "New item"}>
      <Field label="Name" name="name" value={name} onInput={setName} error={error} required />
      <Field label="SKU (optional)" name="sku" value={sku} onInput={setSku} error={error} />
      <Field
        label="Price"
        name="price"
        value={price}
        onInput={setPrice}
        error={error}
        inputMode="decimal"
        required
      />
      {!item && (
        <Field
          label="On hand"
          name="on_hand"
          type="number"
          min="0"
          value={onHand}
          onInput={setOnHand}
          error={error}
        />
      )}
      <Field
        label="Warn when available falls to"
        name="warn_limit"
        type="number"
        min="0"
        value={warnLimit}
        onInput={setWarnLimit}
        error={error}
      />
      <ProblemBox error={error} shown={shown} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit">{item ? "Save" : "Create item"}</button>
    </form>
  );
}

function AdjustForm({ item, onAdjusted }) {
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState("");
  const { error, done, submit } = useSubmit(async () => {
    const answer = await api("POST", `/api/inventory/${item.id}/adjust/`, {
      delta: Number(delta),
      reason,
    });
    setDelta("");
    setReason("");
    onAdjusted(answer);
    return `On hand is now ${answer.on_hand}.`;
  });
  return (
    <form onSubmit={submit} aria-label="Adjust the stock">
      <Field
        label="Change (+ received, - lost)"
        name="delta"
        type="number"
        value={delta}
        onInput={setDelta}
        error={error}
        required
      />
      <Field label="Reason" name="reason" value={reason} onInput={setReason} error={error} required />
      <ProblemBox error={error} shown={["delta", "reason"]} />
      {done && <p role="status">{done}</p>}
      <button type="submit">Adjust</button>
    </form>
  );
}

export function NewItem() {
  return (
    <section>
      <Heading>New item</Heading>
      <p>
        <a href="#/inventory">All items</a>
      </p>
      <ItemForm onSaved={(item) => go(`inventory/${item.id}`)} />
    </section>
  );
}

export function ItemDetail({ id }) {
  const item = useLoad(() => api("GET", `/api/inventory/${id}/`), [id]);
  return (
    <section>
      <Heading>Item {item.data ? item.data.name : `#${id}`}</Heading>
      <p>
        <a href="#/inventory">All items</a>
      </p>
      <ProblemBox error={item.error} />
      {item.data && (
        <>
          <dl class="facts">
            <dt>Available</dt>
            <dd>
              {item.data.available} <Status text={item.data.status} />
            </dd>
            <dt>On hand</dt>
            <dd>{item.data.on_hand}</dd>
            <dt>Reserved</dt>
            <dd>{item.data.reserved}</dd>
          </dl>
          <div class="columns">
            <div>
              <h2>Edit</h2>
              <ItemForm key={item.data.updated_at} item={item.data} onSaved={item.reload} />
            </div>
            <div>
              <h2>Adjust the stock</h2>
              <AdjustForm item={item.data} onAdjusted={item.reload} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
