import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "./message";

type Common = { label: string; hint?: string; className?: string };
// Forms differ in their value shapes; a field only needs its own metadata.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/** A field's errors under it, each message a catalogue key (namespaced keys work from any namespace). */
export function FieldErrors({ id, errors, ns }: { id?: string; errors?: string[]; ns?: string }) {
  const { t } = useTranslation(ns);
  if (!errors?.length) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {errors.map((e) => (
        <p key={e}>{translateMessage(t, e)}</p>
      ))}
    </div>
  );
}

export function InputField({
  meta,
  type = "text",
  label,
  hint,
  className,
  ...rest
}: Common & { meta: AnyField; type?: "text" | "email" | "password" | "number" | "date" | "url" | "tel" } & Omit<
    React.InputHTMLAttributes<HTMLInputElement>,
    "type"
  >) {
  const props = getInputProps(meta, { type, ariaDescribedBy: hint ? `${meta.id}-hint` : undefined });
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="field-label">
        {label}
      </label>
      <input {...props} {...rest} key={props.key} className="field-input" />
      {hint ? (
        <p id={`${meta.id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  className,
  options,
  placeholder,
}: Common & { meta: AnyField; options: { value: string; label: string }[]; placeholder?: string }) {
  const props = getSelectProps(meta);
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="field-label">
        {label}
      </label>
      <select {...props} key={props.key} className="field-input">
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <p className="field-hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({ meta, label, hint, className, rows = 4 }: Common & { meta: AnyField; rows?: number }) {
  const props = getTextareaProps(meta);
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="field-label">
        {label}
      </label>
      <textarea {...props} key={props.key} rows={rows} className="field-input" />
      {hint ? <p className="field-hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{translateMessage(t, e)}</p>
      ))}
    </div>
  );
}

/** Bots fill every field; people never see this one. */
export function Honeypot() {
  return (
    <div aria-hidden="true" style={{ position: "absolute", left: "-10000px", width: 1, height: 1, overflow: "hidden" }}>
      <label htmlFor="website-url">Website</label>
      <input id="website-url" name="website_url" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
