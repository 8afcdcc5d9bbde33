/**
 * One setting on the options page, whatever its kind (number, yes/no, choice, list), labelled by
 * its path in the settings file and its default. The value is committed when the analyst leaves
 * the field or presses Enter (a choice or yes/no at once); a refused value stays in the field with
 * the schema's message next to it, and nothing is saved.
 */
import { useId } from 'react';
import { defaultText, inputText, pathText, valueAt, type SettingField } from '../../lib/engine/settings-form';

export interface SettingInputProps {
  field: SettingField;
  /** The settings file as stored (what this field's value is in it). */
  file: unknown;
  /** The value in force (the file's, or the default). */
  value: unknown;
  errors: string[];
  onCommit(field: SettingField, text: string): void;
}

export function SettingInput({ field, file, value, errors, onCommit }: SettingInputProps) {
  const id = useId();
  const path = pathText(field.path);
  const own = valueAt(file, field.path);
  const set = own !== undefined;
  const hint = field.optional
    ? `empty: the global setting (${defaultText(field)})`
    : `default ${defaultText(field)}${field.kind === 'list' || field.kind === 'countries' ? '; comma-separated' : '; empty: the default'}`;
  const range = field.min !== undefined || field.max !== undefined ? `, ${field.min ?? '…'}–${field.max ?? '…'}` : '';
  const describedBy = `${id}-hint${errors.length ? ` ${id}-err` : ''}`;
  // The field shows what the file says (empty when the file leaves it to the default), except lists and booleans, which show what is in force.
  const text = field.kind === 'list' || field.kind === 'countries' ? inputText(field, value) : inputText(field, own);
  const commitText = (t: string) => {
    if (t !== text || errors.length) onCommit(field, t);
  };
  let control;
  if (field.kind === 'boolean' || field.kind === 'enum') {
    const options = field.kind === 'boolean' ? ['true', 'false'] : (field.options ?? []);
    control = (
      <select
        id={id}
        aria-describedby={describedBy}
        aria-invalid={errors.length > 0}
        value={inputText(field, own)}
        onChange={(e) => onCommit(field, e.target.value)}
      >
        <option value="">
          {field.optional ? `(global: ${defaultText(field)})` : `(default: ${defaultText(field)})`}
        </option>
        {options.map((o) => (
          <option key={o} value={o}>
            {field.kind === 'boolean' ? (o === 'true' ? 'yes' : 'no') : o}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        // Re-mounted when the stored value changes, so a saved value shows and a refused one stays as typed.
        key={text}
        id={id}
        type="text"
        inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : 'text'}
        defaultValue={text}
        placeholder={field.kind === 'list' || field.kind === 'countries' ? '' : defaultText(field)}
        aria-describedby={describedBy}
        aria-invalid={errors.length > 0}
        size={field.kind === 'list' || field.kind === 'countries' ? 40 : 10}
        onBlur={(e) => commitText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commitText(e.currentTarget.value);
          }
        }}
      />
    );
  }
  return (
    <div className={`setting${set ? ' changed' : ''}`}>
      <label htmlFor={id}>
        <code>{path}</code>
      </label>{' '}
      {control}{' '}
      <span id={`${id}-hint`} className="hint">
        {hint}
        {range}
        {set && !field.optional ? ' · set by the team' : ''}
      </span>
      {errors.length > 0 && (
        <span id={`${id}-err`} className="error">
          {errors.map((m) => `${path}: ${m}`).join('; ')}
        </span>
      )}
    </div>
  );
}
