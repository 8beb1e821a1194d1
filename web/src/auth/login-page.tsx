import { useState, type FormEvent } from 'react';
import { useLogin } from './use-login.ts';

export function LoginPage() {
  const { login, loading, error } = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      await login(email.trim(), password);
    } catch {
      // The hook's `error` already carries the message shown below.
    }
  }

  return (
    <main className="login">
      <form className="login-form" onSubmit={onSubmit}>
        <h1>Leadwire</h1>
        <label>
          E-mail
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Senha
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error ? (
          <p role="alert" className="form-error">
            {error.message || 'Não foi possível entrar.'}
          </p>
        ) : null}
        <button type="submit" disabled={loading}>
          {loading ? 'Entrando…' : 'Entrar'}
        </button>
      </form>
    </main>
  );
}
