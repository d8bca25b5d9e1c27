import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageLanguage, preferredPageLanguage, withPageLanguage } from './page-language.js';

describe('the monitoring page language (zh-CN by default, English on request)', () => {
  it('is Chinese without Accept-Language, for a Chinese browser, and for a language it does not have', () => {
    assert.equal(preferredPageLanguage(undefined), 'zh-CN');
    assert.equal(preferredPageLanguage(''), 'zh-CN');
    assert.equal(preferredPageLanguage('zh-CN,zh;q=0.9,en;q=0.8'), 'zh-CN');
    assert.equal(preferredPageLanguage('zh-Hans-CN'), 'zh-CN');
    assert.equal(preferredPageLanguage('fr-FR,de;q=0.5'), 'zh-CN');
    assert.equal(preferredPageLanguage('*'), 'zh-CN');
  });

  it('is English when the browser prefers English to Chinese, by weight and then by order', () => {
    assert.equal(preferredPageLanguage('en-US,en;q=0.9'), 'en');
    assert.equal(preferredPageLanguage('fr;q=1, en;q=0.7, zh;q=0.3'), 'en');
    assert.equal(preferredPageLanguage('zh;q=0.2, en;q=0.8'), 'en');
    assert.equal(preferredPageLanguage('en, zh'), 'en', 'a tie: the first named');
    assert.equal(preferredPageLanguage('en;q=0, zh;q=0.1'), 'zh-CN', 'q=0 is "not this one"');
  });

  it('takes the switch’s choice in the URL over the browser’s', () => {
    assert.equal(pageLanguage({ lang: 'en', acceptLanguage: 'zh-CN' }), 'en');
    assert.equal(pageLanguage({ lang: 'zh-CN', acceptLanguage: 'en-US' }), 'zh-CN');
    assert.equal(pageLanguage({ lang: undefined, acceptLanguage: 'en-US' }), 'en');
  });

  it('marks the page’s root element with the language', () => {
    const html = '<!doctype html>\n<html lang="zh-CN">\n<head></head></html>';
    assert.match(withPageLanguage(html, 'en'), /<html lang="en">/);
    assert.match(withPageLanguage(html, 'zh-CN'), /<html lang="zh-CN">/);
  });
});
