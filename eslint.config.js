import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "data/**", "test-results/**", "db/migrations/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/*.server", "**/*.server.*"], importNames: ["default"], message: "server modules are imported by name" }] },
      ],
    },
  },
  {
    files: ["app/routes/**", "app/components/**"],
    rules: {
      // Routes stay thin: the database is reached only through services.
      "no-restricted-imports": ["error", { paths: [{ name: "drizzle-orm", message: "Routes call services; no SQL in routes." }, { name: "@db/client", message: "Routes call services." }] }],
    },
  },
);
