import {
  canonicalEmail,
  canonicalUsername,
  codePointLength,
  hasForbiddenCharacter,
  isValidEmail,
} from './identifiers';

describe('identifiers (docs/accounts.md, "Identifiers")', () => {
  it.each([
    ['TestHat', 'testhat'],
    ['ＴｅｓｔＨａｔ', 'testhat'],
    ['ﬁle', 'file'],
    ['Straße', 'straße'],
    ['ΣΊΣΥΦΟΣ', 'σίσυφος'],
  ])('canonicalUsername(%j) = %j', (input, expected) => {
    expect(canonicalUsername(input)).toBe(expected);
  });

  it('folds emails and converts the domain to punycode', () => {
    expect(canonicalEmail('Someone@Bücher.Example')).toBe('someone@xn--bcher-kva.example');
    expect(canonicalEmail('ＵＳＥＲ@example.com')).toBe('user@example.com');
    expect(canonicalEmail('no-at-sign')).toBeNull();
  });

  it.each(['a\u200bb', 'a\u202eb', 'a\u0000b', 'a\u00adb', 'a\u2066b', 'a\ufeffb', 'a\u0007b'])(
    'forbids invisible and control characters: %j',
    (value) => {
      expect(hasForbiddenCharacter(value)).toBe(true);
    },
  );

  it.each(['testhat', 'Ünïcødé', '名前', 'a.b-c_d'])('allows visible names: %j', (value) => {
    expect(hasForbiddenCharacter(value)).toBe(false);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4);
  });

  it.each([
    ['email@example.com', true],
    ['someone@bücher.example', true],
    ['email@example', false],
    ['email.example.com', false],
    ['a\u200b@example.com', false],
  ])('isValidEmail(%j) = %j', (value, valid) => {
    expect(isValidEmail(value)).toBe(valid);
  });
});
