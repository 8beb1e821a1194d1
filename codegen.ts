import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types the web app's operations against the composed client API.
 * schema/api.graphql is the committed output of `npm run compose`, so codegen
 * needs no running router and gives the same result on every machine.
 */
const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**/*'],
  // An empty document set means a broken glob, not an app without operations.
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: {
        // Fragment masking is left off until the app has fragments worth isolating.
        fragmentMasking: false,
      },
      config: {
        // The client preset already emits enums as string unions. Apollo adds
        // __typename to every selection, so the types say so too, and
        // optimistic responses can name the type the cache normalises by.
        nonOptionalTypename: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
