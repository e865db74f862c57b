import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ExtensionRequestError } from '../lib/errors';
import { signIn } from '../lib/messaging';
import { Button, Notice } from './notice';

/** Sign in with a personal staff key, checked against the server before it is kept. */
export function SignInForm(props: { onSignedIn: () => void; reason?: string | undefined }) {
  const [key, setKey] = useState('');
  const mutation = useMutation({ mutationFn: signIn, onSuccess: props.onSignedIn });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(key);
  };
  const error =
    mutation.error instanceof ExtensionRequestError
      ? mutation.error.detail.message
      : mutation.error?.message;
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="sign-in">
      {props.reason ? (
        <Notice tone="warning" title="Please sign in again">
          {props.reason}
        </Notice>
      ) : null}
      <label className="block text-[13px] font-medium text-slate-700" htmlFor="staff-key">
        Your staff key
      </label>
      <input
        id="staff-key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="bayme_…"
        value={key}
        onChange={(event) => setKey(event.target.value)}
        className="w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-[12px] focus:border-brand focus:outline-none"
      />
      <p className="text-[12px] text-slate-500">
        An admin gives you a personal key. It stays in this browser's extension storage.
      </p>
      {error ? (
        <Notice tone="error" title="Not signed in" testId="sign-in-error">
          {error}
        </Notice>
      ) : null}
      <Button
        type="submit"
        kind="primary"
        disabled={mutation.isPending || key.trim() === ''}
        testId="sign-in-submit"
      >
        {mutation.isPending ? 'Checking…' : 'Sign in'}
      </Button>
    </form>
  );
}
