// The console's screens are addressed by the URL's hash (#/orders/12), so every deep link
// is the one page the server serves.
import { useEffect, useState } from "preact/hooks";

export function currentRoute() {
  const path = location.hash.replace(/^#\/?/, "");
  const [screen = "orders", id = null] = path.split("/");
  return { screen, id };
}

export function useRoute() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}

export function go(path) {
  location.hash = `#/${path}`;
}
