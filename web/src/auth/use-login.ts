import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';
import { graphql } from '../gql';
import { saveSession } from './session-store.ts';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      user {
        id
        name
        role
      }
    }
  }
`);

export function useLogin() {
  const [mutate, { loading, error }] = useMutation(LoginMutation);

  const login = useCallback(
    async (email: string, password: string) => {
      const { data } = await mutate({ variables: { email, password } });
      if (!data) throw new Error('Resposta vazia do servidor');
      const { token, user } = data.login;
      saveSession({ token, user: { id: user.id, name: user.name, role: user.role } });
    },
    [mutate],
  );

  return { login, loading, error };
}
