import { builder } from '../builder.ts';
import { isUuid, messageLoader } from '../domain/visibility.ts';

interface MediaShape {
  path: string;
  mime: string | null;
  size: number | null;
  fileName: string | null;
}

const MessageMedia = builder.objectRef<MediaShape>('MessageMedia').implement({
  description: 'Where a message’s stored media is, for the API’s /media route',
  fields: (t) => ({
    path: t.exposeString('path'),
    mime: t.exposeString('mime', { nullable: true }),
    size: t.exposeInt('size', { nullable: true }),
    fileName: t.exposeString('fileName', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  // The router's /media/<id> asks this as the caller: who may not see the
  // lead gets null, exactly as for the message itself.
  messageMedia: t.field({
    type: MessageMedia,
    nullable: true,
    authScopes: { scope: 'messages:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      const message = isUuid(id) ? await messageLoader(ctx).load(id) : null;
      if (!message?.mediaPath) return null;
      return { path: message.mediaPath, mime: message.mediaMime, size: message.mediaSize, fileName: message.mediaFileName };
    },
  }),
}));
