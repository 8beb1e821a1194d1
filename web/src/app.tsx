import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { createApolloClient, disposeApolloClient } from './apollo/client.ts';
import { LoginPage } from './auth/login-page.tsx';
import { clearSession } from './auth/session-store.ts';
import { useSession } from './auth/use-session.ts';
import { BoardPage } from './board/board-page.tsx';

export function App() {
  const { session, logout } = useSession();
  const token = session?.token ?? null;

  // A new token means a new client: see createApolloClient.
  const client = useMemo(() => createApolloClient({ token, onUnauthenticated: clearSession }), [token]);
  useEffect(() => () => disposeApolloClient(client), [client]);

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
