import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { summaryEntries } from "./error-summary-fields";
import { translateMessage } from "./message";

type Target = { id: string; label: string };

/**
 * The box at the top of a long form after a failed submit: how many problems, each a link that moves focus to
 * its field (GOV.UK's error-summary pattern). It appears when a submit is refused — by the browser's check or
 * by the server's reply — takes focus so a screen reader announces it and a phone user sees it, and follows
 * the fields as they are corrected. Field-level messages stay under each field.
 *
 * `errors` is keyed by field name (conform's `form.allErrors`, or a reply's errors for forms that render their
 * own inputs); `fields` is the constraint map of the form's schema (`getZodConstraint(schema)`): only errors of
 * fields it validates are listed (the form-level message has its own place above the fields).
 */
export function ErrorSummary({ formId, errors, fields, submitted }: { formId: string; errors: Record<string, string[] | undefined> | undefined; fields: Record<string, unknown>; submitted: unknown }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  // A reply with errors counts as a refused submit, also on a page rendered without JavaScript.
  const [attempt, setAttempt] = useState(submitted ? 1 : 0);
  const [targets, setTargets] = useState<Record<string, Target>>({});
  const entries = summaryEntries(errors, fields);

  // The browser's own check refuses a submit before any reply: count every submit of the form.
  useEffect(() => {
    const form = document.getElementById(formId);
    const onSubmit = () => setAttempt((a) => a + 1);
    form?.addEventListener("submit", onSubmit, true);
    return () => form?.removeEventListener("submit", onSubmit, true);
  }, [formId]);
  const lastSubmitted = useRef(submitted);
  useEffect(() => {
    if (submitted && submitted !== lastSubmitted.current) setAttempt((a) => a + 1);
    lastSubmitted.current = submitted;
  }, [submitted]);

  const names = entries.map(([n]) => n).join("\n");
  useEffect(() => {
    // Each field's id and visible label, read from the form: ids and labels are the form's own.
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const found: Record<string, Target> = {};
    for (const name of names ? names.split("\n") : []) {
      const item = form.elements.namedItem(name);
      const el = item instanceof RadioNodeList ? (item[0] as HTMLElement | undefined) : (item as HTMLElement | null);
      if (!el?.id) continue;
      const label = form.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent?.trim() ?? "";
      const legend = el.closest("fieldset")?.querySelector("legend")?.textContent?.trim();
      found[name] = { id: el.id, label: legend && legend !== label ? `${legend} · ${label}` : label };
    }
    setTargets(found);
  }, [formId, names]);

  const show = attempt > 0 && entries.length > 0;
  useEffect(() => {
    if (show) box.current?.focus();
    // Focus moves on each refused submit, not on every correction.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  if (!show) return null;
  return (
    <div ref={box} tabIndex={-1} role="alert" aria-labelledby={`${formId}-summary-title`} className="col-span-full rounded-md border-2 border-red-700 bg-white p-4 text-sm" data-testid="error-summary">
      <h2 id={`${formId}-summary-title`} className="font-semibold text-red-800">
        {t("errorSummary.title", { count: entries.length })}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {entries.map(([name, messages]) => {
          const target = targets[name];
          const id = target?.id ?? `${formId}-${name}`;
          return (
            <li key={name}>
              <a
                href={`#${id}`}
                className="text-red-800 underline"
                onClick={(e) => {
                  const el = document.getElementById(id);
                  if (!el) return;
                  e.preventDefault();
                  el.scrollIntoView({ block: "center" });
                  el.focus();
                }}
              >
                {target?.label ? `${target.label}：` : ""}
                {messages.map((m) => translateMessage(t, m)).join(" ")}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
