/**
 * The requests Call2Me's public SDKs make, one per SDK method, in an order that makes their ids
 * exist: method, path, query and body as the SDK sources build them (call2me-app/node-sdk
 * src/index.js and call2me-app/python-sdk call2me/client.py, read with the search tool). `{name}` in
 * a path or body is a value an earlier step saved. `expect` is the status the vendor's contract gives
 * for that request; where an SDK sends a body the spec refuses (the Python SDK's knowledge base and
 * phone number creation), that refusal is what a customer meets, and what is expected here.
 */
export interface SdkCall {
  /** `resource.method` as the SDK names it. */
  sdk: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number>;
  body?: Record<string, unknown>;
  /** Saves a value of the answer (a top-level field, or `0.field` of a list) under a name. */
  save?: Record<string, string>;
  expect: number;
}

const AGENT_BODY = {
  agent_name: 'SDK agent',
  voice_id: 'elevenlabs-CFzl8WvPQ92EKMBs2hpS',
  language: 'tr-TR',
  response_engine: { type: 'call2me-llm', system_prompt: '', llm_model: 'openrouter/auto' },
};

export const SDK_CALLS: SdkCall[] = [
  // Agents
  { sdk: 'agents.create', method: 'POST', path: '/v1/agents', body: AGENT_BODY, save: { agent: 'agent_id' }, expect: 201 },
  { sdk: 'agents.list', method: 'GET', path: '/v1/agents', query: { limit: 100, offset: 0 }, expect: 200 },
  { sdk: 'agents.get', method: 'GET', path: '/v1/agents/{agent}', expect: 200 },
  { sdk: 'agents.update', method: 'PATCH', path: '/v1/agents/{agent}', body: { agent_name: 'Renamed' }, expect: 200 },
  { sdk: 'agents.duplicate', method: 'POST', path: '/v1/agents/{agent}/duplicate', save: { copy: 'agent_id' }, expect: 201 },
  { sdk: 'agents.stats', method: 'GET', path: '/v1/agents/{agent}/stats', query: { days: 30 }, expect: 200 },
  { sdk: 'agents.globalStats', method: 'GET', path: '/v1/agents/stats/global', expect: 200 },
  { sdk: 'agents.delete', method: 'DELETE', path: '/v1/agents/{copy}', expect: 204 },
  // Phone numbers (owned); the Python SDK sends phone_number where the spec wants number: a 422.
  { sdk: 'phoneNumbers.list', method: 'GET', path: '/v1/phone-numbers', save: { number: '0.number' }, expect: 200 },
  { sdk: 'phone_numbers.create (python)', method: 'POST', path: '/v1/phone-numbers', body: { phone_number: '+15557770001' }, expect: 422 },
  { sdk: 'phoneNumbers.create (node)', method: 'POST', path: '/v1/phone-numbers', body: { number: '+15557770002' }, save: { second: 'number' }, expect: 201 },
  { sdk: 'phoneNumbers.get', method: 'GET', path: '/v1/phone-numbers/{second}', expect: 200 },
  { sdk: 'phoneNumbers.update', method: 'PATCH', path: '/v1/phone-numbers/{second}', body: { display_name: 'Front desk' }, expect: 200 },
  { sdk: 'phoneNumbers.bindAgent', method: 'POST', path: '/v1/phone-numbers/{number}/bind', body: { agent_id: '{agent}' }, expect: 200 },
  { sdk: 'phoneNumbers.unbindAgent', method: 'DELETE', path: '/v1/phone-numbers/{second}/unbind', expect: 200 },
  { sdk: 'phoneNumbers.delete', method: 'DELETE', path: '/v1/phone-numbers/{second}', expect: 204 },
  // Calls: placed from the number bound to the agent.
  {
    sdk: 'calls.create (python)',
    method: 'POST',
    path: '/v1/calls',
    body: { agent_id: '{agent}', to_number: '+15551234567' },
    save: { call: 'call_id' },
    expect: 201,
  },
  { sdk: 'calls.list', method: 'GET', path: '/v1/calls', query: { limit: 50, offset: 0 }, expect: 200 },
  { sdk: 'calls.get', method: 'GET', path: '/v1/calls/{call}', expect: 200 },
  { sdk: 'calls.recording', method: 'GET', path: '/v1/calls/{call}/recording', expect: 501 },
  { sdk: 'calls.end', method: 'POST', path: '/v1/calls/{call}/end', expect: 200 },
  // Knowledge base
  { sdk: 'knowledge_bases.create (python)', method: 'POST', path: '/v1/knowledge-base', body: { name: 'Docs', description: '' }, expect: 422 },
  {
    sdk: 'knowledgeBases.create (node)',
    method: 'POST',
    path: '/v1/knowledge-base',
    body: { knowledge_base_name: 'Docs' },
    save: { kb: 'knowledge_base_id' },
    expect: 201,
  },
  { sdk: 'knowledgeBases.list', method: 'GET', path: '/v1/knowledge-base', expect: 200 },
  { sdk: 'knowledgeBases.get', method: 'GET', path: '/v1/knowledge-base/{kb}', expect: 200 },
  {
    sdk: 'knowledgeBases.addSource',
    method: 'POST',
    path: '/v1/knowledge-base/{kb}/add-sources',
    body: { type: 'text', content: 'Opening hours: 9-5', name: 'hours' },
    expect: 201,
  },
  { sdk: 'knowledgeBases.query', method: 'POST', path: '/v1/knowledge-base/{kb}/query', body: { query: 'When do you open?', top_k: 5 }, expect: 200 },
  { sdk: 'knowledgeBases.delete', method: 'DELETE', path: '/v1/knowledge-base/{kb}', expect: 204 },
  // Wallet (admin)
  { sdk: 'wallet.balance', method: 'GET', path: '/v1/wallet/balance', expect: 200 },
  { sdk: 'wallet.transactions', method: 'GET', path: '/v1/wallet/transactions', query: { limit: 50, offset: 0 }, expect: 200 },
  { sdk: 'wallet.analytics', method: 'GET', path: '/v1/wallet/analytics', query: { days: 30 }, expect: 200 },
  { sdk: 'wallet.pricing', method: 'GET', path: '/v1/wallet/pricing', expect: 200 },
  // Campaigns
  {
    sdk: 'campaigns.create',
    method: 'POST',
    path: '/v1/campaigns',
    body: { name: 'Spring', agent_id: '{agent}', from_number: '{number}' },
    save: { campaign: 'campaign_id' },
    expect: 201,
  },
  { sdk: 'campaigns.list', method: 'GET', path: '/v1/campaigns', expect: 200 },
  { sdk: 'campaigns.get', method: 'GET', path: '/v1/campaigns/{campaign}', expect: 200 },
  { sdk: 'campaigns.update', method: 'PATCH', path: '/v1/campaigns/{campaign}', body: { description: 'spring leads' }, expect: 200 },
  { sdk: 'campaigns.start', method: 'POST', path: '/v1/campaigns/{campaign}/action', body: { action: 'start' }, expect: 200 },
  { sdk: 'campaigns.action (bad)', method: 'POST', path: '/v1/campaigns/{campaign}/action', body: { action: 'explode' }, expect: 422 },
  { sdk: 'campaigns.contacts', method: 'GET', path: '/v1/campaigns/{campaign}/contacts', expect: 200 },
  { sdk: 'campaigns.delete', method: 'DELETE', path: '/v1/campaigns/{campaign}', expect: 200 },
  // Schedules
  {
    sdk: 'schedules.create',
    method: 'POST',
    path: '/v1/schedules',
    body: { agent_id: '{agent}', phone_number: '+15551234567', scheduled_at: '2027-01-04T14:00:00Z' },
    save: { schedule: 'schedule_id' },
    expect: 201,
  },
  { sdk: 'schedules.list', method: 'GET', path: '/v1/schedules', expect: 200 },
  { sdk: 'schedules.get', method: 'GET', path: '/v1/schedules/{schedule}', expect: 200 },
  { sdk: 'schedules.update', method: 'PATCH', path: '/v1/schedules/{schedule}', body: { description: 'follow-up' }, expect: 200 },
  { sdk: 'schedules.cancel', method: 'POST', path: '/v1/schedules/{schedule}/cancel', expect: 200 },
  { sdk: 'schedules.delete', method: 'DELETE', path: '/v1/schedules/{schedule}', expect: 200 },
  // SIP trunks
  {
    sdk: 'sipTrunks.create',
    method: 'POST',
    path: '/v1/sip-trunks',
    body: { name: 'PBX', sip_server: 'pbx.example.test:5060', sip_username: 'u', sip_password: 'p' },
    save: { trunk: 'trunk_id' },
    expect: 201,
  },
  { sdk: 'sipTrunks.list', method: 'GET', path: '/v1/sip-trunks', expect: 200 },
  { sdk: 'sipTrunks.get', method: 'GET', path: '/v1/sip-trunks/{trunk}', expect: 200 },
  { sdk: 'sipTrunks.update', method: 'PATCH', path: '/v1/sip-trunks/{trunk}', body: { name: 'PBX 2' }, expect: 200 },
  { sdk: 'sipTrunks.test', method: 'POST', path: '/v1/sip-trunks/{trunk}/test', expect: 200 },
  { sdk: 'sipTrunks.delete', method: 'DELETE', path: '/v1/sip-trunks/{trunk}', expect: 204 },
  // API keys (admin)
  { sdk: 'apiKeys.create', method: 'POST', path: '/v1/api-keys', body: { name: 'ci' }, save: { key: 'key_id' }, expect: 201 },
  { sdk: 'apiKeys.list', method: 'GET', path: '/v1/api-keys', expect: 200 },
  { sdk: 'apiKeys.usage', method: 'GET', path: '/v1/api-keys/{key}/usage', expect: 200 },
  { sdk: 'apiKeys.revoke', method: 'DELETE', path: '/v1/api-keys/{key}', expect: 204 },
  // Users
  { sdk: 'users.me', method: 'GET', path: '/v1/users/me', expect: 200 },
  { sdk: 'users.update', method: 'PATCH', path: '/v1/users/me', body: { full_name: 'Ada' }, expect: 200 },
  { sdk: 'users.stats', method: 'GET', path: '/v1/users/me/stats', expect: 200 },
  { sdk: 'users.usage', method: 'GET', path: '/v1/users/me/usage', query: { days: 30 }, expect: 200 },
  { sdk: 'users.dailyUsage', method: 'GET', path: '/v1/users/me/usage/daily', query: { days: 30 }, expect: 200 },
  { sdk: 'users.branding', method: 'GET', path: '/v1/users/me/branding', expect: 200 },
  { sdk: 'users.updateBranding', method: 'PUT', path: '/v1/users/me/branding', body: { app_name: 'Acme Voice' }, expect: 200 },
  { sdk: 'users.tenantMembers', method: 'GET', path: '/v1/users/me/tenant/members', query: { page: 1, per_page: 20 }, expect: 200 },
  // Widgets
  { sdk: 'widgets.create', method: 'POST', path: '/v1/widgets', body: { agent_id: '{agent}', name: 'Site' }, save: { widget: 'widget_id' }, expect: 201 },
  { sdk: 'widgets.list', method: 'GET', path: '/v1/widgets', expect: 200 },
  { sdk: 'widgets.get', method: 'GET', path: '/v1/widgets/{widget}', expect: 200 },
  { sdk: 'widgets.update', method: 'PATCH', path: '/v1/widgets/{widget}', body: { name: 'Site 2' }, expect: 200 },
  { sdk: 'widgets.chat', method: 'POST', path: '/v1/widgets/{widget}/chat', body: { message: 'hi', visitor_id: null }, expect: 200 },
  { sdk: 'widgets.delete', method: 'DELETE', path: '/v1/widgets/{widget}', expect: 200 },
  // Voices
  { sdk: 'voices.list', method: 'GET', path: '/v1/voices', save: { voice: '0.voice_id' }, expect: 200 },
  // Chats
  { sdk: 'chats.create', method: 'POST', path: '/v1/chats', body: { agent_id: '{agent}' }, save: { chat: 'session_id' }, expect: 200 },
  { sdk: 'chats.list', method: 'GET', path: '/v1/chats', query: { limit: 50 }, expect: 200 },
  { sdk: 'chats.get', method: 'GET', path: '/v1/chats/{chat}', expect: 200 },
  { sdk: 'chats.sendMessage', method: 'POST', path: '/v1/chats/{chat}/messages', body: { content: 'hello', model: null, stream: false }, expect: 200 },
  // Interpreters, numbers, SMS, extension (the Python SDK)
  {
    sdk: 'interpreters.create',
    method: 'POST',
    path: '/v1/interpreters',
    body: { name: 'TR-EN', source_language: 'tr-TR', target_language: 'en-US' },
    save: { interpreter: 'interpreter_id' },
    expect: 201,
  },
  { sdk: 'interpreters.list', method: 'GET', path: '/v1/interpreters', query: { limit: 20, offset: 0 }, expect: 200 },
  { sdk: 'interpreters.calls', method: 'GET', path: '/v1/interpreters/calls', query: { limit: 20, offset: 0 }, expect: 200 },
  { sdk: 'interpreters.get', method: 'GET', path: '/v1/interpreters/{interpreter}', expect: 200 },
  { sdk: 'interpreters.enable_web', method: 'POST', path: '/v1/interpreters/{interpreter}/web', body: { enabled: true }, expect: 200 },
  { sdk: 'interpreters.web_status', method: 'GET', path: '/v1/interpreters/{interpreter}/web/live', expect: 200 },
  { sdk: 'interpreters.create_passcode', method: 'POST', path: '/v1/interpreters/{interpreter}/web/passcodes', expect: 200 },
  { sdk: 'interpreters.end_web', method: 'POST', path: '/v1/interpreters/{interpreter}/web/end', expect: 200 },
  { sdk: 'interpreters.delete', method: 'DELETE', path: '/v1/interpreters/{interpreter}', expect: 204 },
  { sdk: 'numbers.allowed_countries', method: 'GET', path: '/v1/numbers/allowed-countries', expect: 200 },
  { sdk: 'numbers.search', method: 'GET', path: '/v1/numbers/search', query: { country: 'US', limit: 20 }, expect: 200 },
  { sdk: 'numbers.purchase', method: 'POST', path: '/v1/numbers/purchase', body: { phone_number: '+15558880001' }, expect: 200 },
  { sdk: 'sms.send', method: 'POST', path: '/v1/sms', body: { to: '+15551234567', text: 'hi', from: '{number}' }, expect: 201 },
  { sdk: 'sms.list', method: 'GET', path: '/v1/sms', query: { limit: 20, offset: 0 }, expect: 200 },
  { sdk: 'extension.usage', method: 'GET', path: '/v1/ext/usage', expect: 200 },
  { sdk: 'extension.link_request', method: 'POST', path: '/v1/ext/link/request', body: { device_id: 'dev-1', email: 'a@example.test' }, expect: 200 },
  // Payments (admin)
  { sdk: 'payments.checkout', method: 'POST', path: '/v1/payments/checkout', body: { amount: 10, currency: 'USD' }, expect: 200 },
  { sdk: 'payments.history', method: 'GET', path: '/v1/payments/history', query: { limit: 50 }, expect: 200 },
  { sdk: 'payments.savedCards', method: 'GET', path: '/v1/payments/methods', expect: 200 },
  { sdk: 'payments.autoCharge', method: 'GET', path: '/v1/payments/auto-charge', expect: 200 },
  { sdk: 'payments.updateAutoCharge', method: 'PUT', path: '/v1/payments/auto-charge', body: { enabled: true }, expect: 200 },
  // Events, voice sessions, webhooks, end users
  { sdk: 'events.report', method: 'POST', path: '/v1/events', body: { type: 'error', source: 'api', message: 'boom' }, expect: 202 },
  {
    sdk: 'voiceSessions.create',
    method: 'POST',
    path: '/v1/voice/sessions',
    body: { agent_id: '{agent}', context: null },
    save: { room: 'room_name' },
    expect: 200,
  },
  { sdk: 'voiceSessions.get', method: 'GET', path: '/v1/voice/sessions/{room}', expect: 200 },
  { sdk: 'webhooks.set', method: 'PUT', path: '/v1/webhooks', body: { webhook_url: 'https://hooks.example.test/c2m' }, expect: 200 },
  { sdk: 'webhooks.get', method: 'GET', path: '/v1/webhooks', expect: 200 },
  { sdk: 'endUsers.createToken', method: 'POST', path: '/v1/end-users/user-42/tokens', body: { expires_in: 3600 }, save: { eut: 'token' }, expect: 200 },
];

/** `{name}` in a string (or any string inside a body) replaced by the saved value. */
export function fill<T>(value: T, saved: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value).replace(/\{(\w+)\}/g, (whole, name: string) => saved[name] ?? whole)) as T;
}
