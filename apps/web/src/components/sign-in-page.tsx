import { devSignInInputSchema, type Role } from '@livebell/shared';
import { ArrowRight, CircleAlert, ShieldCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { storeSession } from '../session.js';
import { describeError } from '../trpc-error.js';
import { trpc } from '../trpc.js';
import { Avatar } from './avatar.js';
import { Brand } from './brand.js';

/** Demo users one click away; any other id works too. */
const DEMO_USERS = ['ada', 'grace', 'linus', 'margaret'];
const DEFAULT_ADMIN_ID = 'admin';

/**
 * Development sign-in: the server's `auth.devSignIn` mints a token for any
 * user id, with no password. It exists only outside production.
 */
export function SignInPage() {
  const [userId, setUserId] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const signIn = trpc.auth.devSignIn.useMutation({ onSuccess: storeSession });

  const submit = (id: string, role: Role) => {
    const parsed = devSignInInputSchema.safeParse({ userId: id.trim(), role });
    if (!parsed.success) {
      setInputError('Enter a user id of 1 to 128 characters.');
      return;
    }
    setInputError(null);
    signIn.mutate(parsed.data);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit(userId, 'user');
  };

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <Brand />
        <h1>Sign in</h1>
        <p className="lede">Development sign-in: choose who you are. No password; the server mints a token.</p>

        <ul className="demo-users" aria-label="Demo users">
          {DEMO_USERS.map((demo) => (
            <li key={demo}>
              <button
                type="button"
                className="demo-user"
                onClick={() => submit(demo, 'user')}
                disabled={signIn.isPending}
                aria-label={`Sign in as ${demo}`}
              >
                <Avatar userId={demo} size={36} />
                <span>{demo}</span>
              </button>
            </li>
          ))}
        </ul>

        <div className="divider" role="separator">
          <span>or any user id</span>
        </div>

        <form className="sign-in-form" onSubmit={onSubmit} noValidate>
          <label htmlFor="user-id">User id</label>
          <div className="input-with-button">
            <input
              id="user-id"
              name="userId"
              value={userId}
              onChange={(event) => setUserId(event.target.value)}
              placeholder="e.g. ada"
              autoComplete="username"
              spellCheck={false}
              aria-invalid={inputError !== null}
              aria-describedby={inputError ? 'user-id-error' : undefined}
            />
            <button type="submit" className="button button-primary" disabled={signIn.isPending}>
              Sign in
              <ArrowRight size={16} aria-hidden="true" />
            </button>
          </div>
          {inputError ? (
            <p className="field-error" id="user-id-error">
              <CircleAlert size={14} aria-hidden="true" />
              {inputError}
            </p>
          ) : null}
        </form>

        <button
          type="button"
          className="button button-secondary button-block"
          onClick={() => submit(userId.trim() || DEFAULT_ADMIN_ID, 'admin')}
          disabled={signIn.isPending}
        >
          <ShieldCheck size={16} aria-hidden="true" />
          Sign in as admin
        </button>

        {signIn.isError ? (
          <p className="alert alert-error" role="alert">
            <CircleAlert size={18} aria-hidden="true" />
            <span>{describeError(signIn.error)}</span>
          </p>
        ) : null}
      </div>
      <p className="sign-in-footnote">livebell · live notifications from MongoDB change streams</p>
    </main>
  );
}
