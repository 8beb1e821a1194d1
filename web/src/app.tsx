import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { BrowserRouter, Link, NavLink, Route, Routes } from 'react-router';
import { AdminOnly } from './admin/admin-only.tsx';
import { QueuesPage } from './admin/queues-page.tsx';
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
        <BrowserRouter>
          <div className="app">
            <nav className="topbar">
              <span className="brand">Leadwire</span>
              <div className="topbar-links">
                <NavLink to="/" end>
                  Quadro
                </NavLink>
                {session.user.role === 'ADMIN' ? <NavLink to="/admin/queues">Filas</NavLink> : null}
              </div>
              <span className="topbar-user">{session.user.name}</span>
              <button type="button" onClick={logout}>
                Sair
              </button>
            </nav>
            <Routes>
              <Route path="/" element={<BoardPage />} />
              <Route
                path="/admin/queues"
                element={
                  <AdminOnly user={session.user}>
                    <QueuesPage />
                  </AdminOnly>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </div>
        </BrowserRouter>
      ) : (
        <LoginPage />
      )}
    </ApolloProvider>
  );
}

function NotFound() {
  return (
    <main className="not-found">
      <h1>Página não encontrada</h1>
      <p>
        <Link to="/">Voltar ao quadro</Link>
      </p>
    </main>
  );
}
