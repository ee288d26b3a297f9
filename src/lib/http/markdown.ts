/**
 * Comment and feedback text as Markdown, rendered safely with markdown-it: raw HTML is escaped
 * (html: false), links are checked by markdown-it's own scheme filter (no javascript:, vbscript:,
 * data:), images are not rendered (no tracking pixels, no hot-linked pictures), and every link
 * gets rel="nofollow ugc noopener".
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false }).disable(['image', 'heading', 'table', 'lheading', 'hr']);
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}
