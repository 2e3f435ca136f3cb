// validate.mjs FILE: checks duka's OpenAPI document with @apidevtools/swagger-parser (the
// OpenAPI 3.1 schema and its references) and redocly's recommended rules. It prints every
// problem and exits 1 on any error, or on a warning outside the ones README.md keeps.
import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lint } from "@redocly/openapi-core";

// The warnings duka keeps, each explained in docs/design/contracts.md.
const keptWarnings = new Set(["info-license"]);

const file = process.argv[2];
let failed = false;
try {
  await SwaggerParser.validate(file);
  console.log("swagger-parser: valid");
} catch (error) {
  console.log(`swagger-parser: ${error.message}`);
  failed = true;
}

const config = await createConfig({ extends: ["recommended"] });
const problems = await lint({ ref: file, config });
for (const problem of problems) {
  const where = problem.location?.[0]?.pointer ?? "";
  console.log(`redocly ${problem.severity} ${problem.ruleId} ${where}: ${problem.message}`);
  if (problem.severity === "error" || !keptWarnings.has(problem.ruleId)) failed = true;
}
console.log(`redocly: ${problems.filter((p) => p.severity === "error").length} errors, ` +
            `${problems.filter((p) => p.severity === "warn").length} warnings`);
process.exit(failed ? 1 : 0);
