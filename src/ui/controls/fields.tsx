/** Form fields that keep what the user typed while it is invalid and show the schema's message. */
import { useEffect, useState, type ReactNode } from 'react';

interface FieldShellProps {
  readonly label: string;
  readonly error?: string | undefined;
  readonly children: ReactNode;
  readonly title?: string | undefined;
}

export function FieldShell({ label, error, children, title }: FieldShellProps) {
  return (
    <label className={`field${error ? ' invalid' : ''}`} title={title}>
      <span className="field-label">{label}</span>
      {children}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly error?: string | undefined;
  readonly disabled?: boolean;
  readonly name: string;
  readonly title?: string;
  /** Called with the text on every change; the caller validates and reports errors. */
  readonly onCommit: (text: string) => void;
}

export function TextField({ label, value, error, disabled, name, title, onCommit }: TextFieldProps) {
  const [text, setText] = useState(value);
  // Follow outside changes (URL navigation, presets) unless the user is mid-way through an invalid entry.
  useEffect(() => {
    if (!error) setText(value);
  }, [value, error]);
  return (
    <FieldShell label={label} error={error} title={title}>
      <input
        name={name}
        data-testid={`field-${name}`}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          onCommit(e.target.value);
        }}
      />
    </FieldShell>
  );
}

interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly T[];
  readonly disabled?: boolean;
  readonly name: string;
  readonly error?: string | undefined;
  readonly onChange: (value: T) => void;
}

export function SelectField<T extends string>({ label, value, options, disabled, name, error, onChange }: SelectFieldProps<T>) {
  return (
    <FieldShell label={label} error={error}>
      <select name={name} data-testid={`field-${name}`} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface CheckFieldProps {
  readonly label: string;
  readonly checked: boolean;
  readonly disabled?: boolean;
  readonly name: string;
  readonly onChange: (value: boolean) => void;
}

export function CheckField({ label, checked, disabled, name, onChange }: CheckFieldProps) {
  return (
    <label className="field check">
      <input type="checkbox" name={name} data-testid={`field-${name}`} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="field-label">{label}</span>
    </label>
  );
}

/** "0.1" → 0.1; "" → null; anything else → NaN (so the schema reports it with the field's path). */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function parseIntegerList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => (/^-?\d+$/.test(s) ? Number(s) : Number.NaN));
}
