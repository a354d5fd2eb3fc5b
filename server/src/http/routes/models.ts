import { Router } from 'express';
import type { ChatModelList } from '../../../../protocol';
import { chatModels } from '../../domain/chat-models';
import type { Gateway } from '../../llm/gateway';
import { authorize } from '../route-policy';

/** `GET /api/v1/models`: the chat panel's model picker (the OpenAI-shaped list is /v1/models). */
export function modelsRouter(gateway: Gateway): Router {
  const router = Router();
  router.get('/models', authorize('models.read'), (_req, res) => {
    const body: ChatModelList = { data: chatModels(gateway) };
    res.json(body);
  });
  return router;
}
