/** What a signed-in user sees on a page their role does not open. */
export function NoAccess() {
  return (
    <main className="no-access">
      <h1>Sem acesso</h1>
      <p role="alert">Você não tem acesso a esta página. Peça a um administrador do workspace.</p>
    </main>
  );
}
