import { KNOWN_KINDS, NotificationPreview, useLivebellStrings } from '@livebell/react';
import { CircleAlert, CircleCheck, LoaderCircle, Send } from 'lucide-react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import {
  parseRecipients,
  validateSendForm,
  type SendForm,
  type SendFormErrors,
  type SendFormField,
} from '../send-form.js';
import { describeError } from '../trpc-error.js';
import { trpc } from '../trpc.js';
import { Avatar } from './avatar.js';

const EMPTY_FORM: SendForm = { recipients: '', type: 'info', title: '', body: '', link: '' };

function Field({
  field,
  label,
  hint,
  errors,
  children,
}: {
  field: SendFormField;
  label: string;
  hint?: ReactNode;
  errors: SendFormErrors;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const id = useId();
  const error = errors[field];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': described || undefined })}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <CircleAlert size={14} aria-hidden="true" />
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The admin page: sends one notification to one or more users through `admin.send`, with a live preview. */
export function AdminPage() {
  const kindNames = useLivebellStrings().kinds;
  const [form, setForm] = useState(EMPTY_FORM);
  const [errors, setErrors] = useState<SendFormErrors>({});
  const send = trpc.admin.send.useMutation();
  const recipients = parseRecipients(form.recipients);

  const update = (field: SendFormField) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    if (errors[field] !== undefined) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validateSendForm(form);
    if ('errors' in result) {
      setErrors(result.errors);
      send.reset();
      // Focus goes to the first field to fix, after React has marked it invalid.
      const formElement = event.currentTarget;
      requestAnimationFrame(() => formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    send.mutate(result.input, {
      onSuccess: () => setForm((current) => ({ ...current, title: '', body: '', link: '' })),
    });
  };

  return (
    <div className="page">
      <section className="hero">
        <p className="eyebrow">Administration</p>
        <h1>Send a notification</h1>
        <p className="lede">
          One document per recipient goes into MongoDB; each recipient’s bell lights up within moments, on every device
          they have open.
        </p>
      </section>

      <div className="compose">
        <form className="card compose-form" onSubmit={onSubmit} noValidate aria-label="Send a notification">
          <Field field="recipients" label="Recipients" hint="User ids, separated by commas or spaces." errors={errors}>
            {(props) => (
              <input
                {...props}
                value={form.recipients}
                onChange={(event) => update('recipients')(event.target.value)}
                placeholder="ada, grace"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          {recipients.length > 0 ? (
            <ul className="chips" aria-label="Recipients">
              {recipients.slice(0, 12).map((userId) => (
                <li key={userId} className="chip">
                  <Avatar userId={userId} size={20} />
                  {userId}
                </li>
              ))}
              {recipients.length > 12 ? <li className="chip chip-more">+{recipients.length - 12} more</li> : null}
            </ul>
          ) : null}

          <div className="field-row">
            <Field field="type" label="Type" errors={errors}>
              {(props) => (
                <select {...props} value={form.type} onChange={(event) => update('type')(event.target.value)}>
                  {KNOWN_KINDS.map((kind) => (
                    <option key={kind.type} value={kind.type}>
                      {kindNames[kind.type] ?? kind.type}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field field="link" label="Link (optional)" errors={errors}>
              {(props) => (
                <input
                  {...props}
                  value={form.link}
                  onChange={(event) => update('link')(event.target.value)}
                  placeholder="/deploys/42 or https://…"
                  autoComplete="off"
                />
              )}
            </Field>
          </div>

          <Field field="title" label="Title" errors={errors}>
            {(props) => (
              <input
                {...props}
                value={form.title}
                onChange={(event) => update('title')(event.target.value)}
                placeholder="Deploy finished"
                maxLength={300}
              />
            )}
          </Field>

          <Field field="body" label="Message (optional)" errors={errors}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={form.body}
                onChange={(event) => update('body')(event.target.value)}
                placeholder="Version 42 is live in production."
              />
            )}
          </Field>

          {send.isError ? (
            <p className="alert alert-error" role="alert">
              <CircleAlert size={18} aria-hidden="true" />
              <span>Not sent. {describeError(send.error)}</span>
            </p>
          ) : null}
          {send.isSuccess ? (
            <p className="alert alert-success" role="status">
              <CircleCheck size={18} aria-hidden="true" />
              <span>
                Sent to {send.data.inserted} {send.data.inserted === 1 ? 'recipient' : 'recipients'}.
              </span>
            </p>
          ) : null}

          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={send.isPending}>
              {send.isPending ? (
                <LoaderCircle size={16} className="spin" aria-hidden="true" />
              ) : (
                <Send size={16} aria-hidden="true" />
              )}
              {recipients.length > 1 ? `Send to ${recipients.length} recipients` : 'Send notification'}
            </button>
          </div>
        </form>

        <aside className="compose-preview" aria-label="Preview">
          <p className="card-label">Preview</p>
          <NotificationPreview
            notification={{
              type: form.type,
              title: form.title.trim() || 'Your title appears here',
              body: form.body.trim() || undefined,
            }}
          />
          <p className="card-hint">This is how it shows in each recipient’s bell.</p>
        </aside>
      </div>
    </div>
  );
}

/** What /admin shows to a signed-in user who is not an administrator. */
export function AdminOnlyNotice() {
  return (
    <div className="page">
      <section className="hero">
        <p className="eyebrow">Administration</p>
        <h1>Administrators only</h1>
        <p className="lede">
          Sending notifications to other users needs the admin role. Sign out and choose “Sign in as admin” to use this
          page.
        </p>
      </section>
    </div>
  );
}
