import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { createApolloClient, disposeApolloClient } from './apollo/client.ts';
import { LoginPage } from './auth/login-page.tsx';
import { clearSession, readSession } from './auth/session-store.ts';
import { useSession } from './auth/use-session.ts';
import { BoardPage } from './board/board-page.tsx';

export function App() {
  const { session, logout } = useSession();
  const token = session?.token ?? null;

  // A new token means a new client: see createApolloClient. It is created in
  // an effect, not a memo, so that its cleanup can close its socket (StrictMode
  // runs effects twice, which would otherwise leave a memoised client disposed).
  const [current, setCurrent] = useState<{ token: string | null; client: ApolloClient } | null>(null);
  useEffect(() => {
    const client = createApolloClient({
      token,
      // A late failure of an older session's request must not log out the newer one.
      onUnauthenticated: () => {
        if (readSession()?.token === token) clearSession();
      },
    });
    setCurrent({ token, client });
    return () => disposeApolloClient(client);
  }, [token]);

  // Until the client of this token exists, render nothing rather than let
  // pages start queries on the previous user's (already closed) client.
  if (!current || current.token !== token) return null;
  const { client } = current;

  return (
    <ApolloProvider client={client}>
      {session ? (
        <div className="app">
          <nav className="topbar">
            <span className="brand">Leadwire</span>
            <span className="topbar-user">{session.user.name}</span>
            <button type="button" onClick={logout}>
              Sair
            </button>
          </nav>
          <BoardPage />
        </div>
      ) : (
        <LoginPage />
      )}
    </ApolloProvider>
  );
}
