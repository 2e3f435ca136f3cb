// Plugins: what this duka runs, and which versions.
import { api } from "../api.js";
import { Heading, ProblemBox, Scroller, useLoad } from "../ui.jsx";

export function Plugins() {
  const plugins = useLoad(() => api("GET", "/api/plugins/"), []);
  const list = Array.isArray(plugins.data) ? plugins.data : plugins.data?.results || [];
  return (
    <section>
      <Heading>Plugins</Heading>
      <ProblemBox error={plugins.error} />
      <Scroller label="Plugins">
        <table>
          <thead>
            <tr>
              <th scope="col">Plugin</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Requires</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {list.map((plugin) => (
              <tr key={plugin.name}>
                <td>{plugin.name}</td>
                <td>{plugin.version}</td>
                <td>{plugin.state}</td>
                <td>{(plugin.requires || []).join(", ")}</td>
                <td>{plugin.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroller>
    </section>
  );
}
