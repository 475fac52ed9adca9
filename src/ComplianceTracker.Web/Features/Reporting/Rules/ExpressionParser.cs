using System.Globalization;

namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>
/// Recursive-descent parser for rule expressions:
/// <code>
/// sum     := product (("+" | "-") product)*
/// product := unary (("*" | "/") unary)*
/// unary   := ("-" | "+") unary | primary
/// primary := NUMBER | CODE | "prev" "(" CODE ")" | "abs" "(" sum ")" | "(" sum ")"
/// </code>
/// Codes are upper-case letters, digits and underscores, not starting with a digit. Function names are
/// matched without regard to case. Every error is a <see cref="RuleSyntaxException"/> whose Chinese
/// message names the expression and the character where the problem is.
/// </summary>
internal sealed class ExpressionParser
{
    public const int MaxLength = 1000;
    private const int MaxDepth = 50;

    private readonly string text;
    private readonly List<Token> tokens;
    private int index;
    private int depth;

    private ExpressionParser(string text, List<Token> tokens)
    {
        this.text = text;
        this.tokens = tokens;
    }

    private Token Current => tokens[index];

    public static Expr Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RuleSyntaxException("表达式为空。");
        }

        if (text.Length > MaxLength)
        {
            throw new RuleSyntaxException($"表达式过长（{text.Length}个字符，最多{MaxLength}个）。");
        }

        var parser = new ExpressionParser(text, Tokenize(text));
        var expression = parser.ParseSum();
        var next = parser.Current;
        if (next.Kind == TokenKind.RightParen)
        {
            throw Error(text, next.Start, "多了一个“)”，前面没有与之对应的“(”");
        }

        if (next.Kind != TokenKind.End)
        {
            throw Error(text, next.Start, $"的“{next.Text}”前缺少运算符（+ - * /）");
        }

        return expression;
    }

    /// <summary>Whether <paramref name="code"/> has the form of an indicator code.</summary>
    public static bool IsValidCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || char.IsAsciiDigit(code[0]))
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    internal static RuleSyntaxException Error(string text, int position, string problem)
    {
        var where = position >= text.Length ? "结尾处" : $"第{position + 1}个字符处";
        return new RuleSyntaxException($"表达式“{text}”{where}{problem}。", Math.Min(position, text.Length));
    }

    private Expr ParseSum()
    {
        var left = ParseProduct();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Current.Kind == TokenKind.Plus ? '+' : '-';
            index++;
            left = new BinaryExpr(op, left, ParseProduct());
        }

        return left;
    }

    private Expr ParseProduct()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Current.Kind == TokenKind.Star ? '*' : '/';
            index++;
            left = new BinaryExpr(op, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        var token = Current;
        if (token.Kind is not (TokenKind.Minus or TokenKind.Plus))
        {
            return ParsePrimary();
        }

        index++;
        Enter(token);
        var operand = ParseUnary();
        depth--;
        return token.Kind == TokenKind.Minus ? new NegateExpr(operand) : operand;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                index++;
                return ParseNumber(token);
            case TokenKind.Identifier:
                index++;
                return Current.Kind == TokenKind.LeftParen ? ParseFunction(token) : ParseCode(token);
            case TokenKind.LeftParen:
                index++;
                Enter(token);
                var inner = ParseSum();
                depth--;
                ExpectClosing(token);
                return inner;
            case TokenKind.End:
                throw Error(text, token.Start, "缺少数字或指标代码");
            default:
                throw Error(text, token.Start, $"缺少数字或指标代码（遇到的是“{token.Text}”）");
        }
    }

    private NumberExpr ParseNumber(Token token)
    {
        if (!decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(text, token.Start, $"的数字“{token.Text}”超出范围");
        }

        return new NumberExpr(value, token.Text);
    }

    private IndicatorExpr ParseCode(Token token)
    {
        var lower = token.Text.ToLowerInvariant();
        if (lower is "prev" or "abs")
        {
            throw Error(text, token.Start + token.Text.Length, $"缺少“(”：函数写作 {lower}(…)");
        }

        if (!IsValidCode(token.Text))
        {
            throw Error(text, token.Start, $"的“{token.Text}”不是有效的指标代码：指标代码只能由大写字母、数字和下划线组成（如 LOAN_BAL）");
        }

        return new IndicatorExpr(token.Text, token.Start);
    }

    private Expr ParseFunction(Token name)
    {
        var open = Current;
        index++;
        switch (name.Text.ToLowerInvariant())
        {
            case "prev":
                var argument = Current;
                if (argument.Kind != TokenKind.Identifier || !IsValidCode(argument.Text) || tokens[index + 1].Kind != TokenKind.RightParen)
                {
                    throw Error(text, argument.Start, "：prev() 的参数必须是一个指标代码，如 prev(LOAN_BAL)");
                }

                index += 2;
                return new PrevExpr(argument.Text, argument.Start);
            case "abs":
                Enter(open);
                var operand = ParseSum();
                depth--;
                ExpectClosing(open);
                return new AbsExpr(operand);
            default:
                throw Error(text, name.Start, $"的函数“{name.Text}”不存在；可用的函数是 prev() 和 abs()");
        }
    }

    private void ExpectClosing(Token open)
    {
        var token = Current;
        if (token.Kind == TokenKind.RightParen)
        {
            index++;
            return;
        }

        if (token.Kind == TokenKind.End)
        {
            throw Error(text, open.Start, "的“(”缺少与之对应的“)”");
        }

        throw Error(text, token.Start, $"的“{token.Text}”前缺少运算符或“)”");
    }

    private void Enter(Token token)
    {
        if (++depth > MaxDepth)
        {
            throw Error(text, token.Start, $"嵌套过深（最多{MaxDepth}层）");
        }
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i = ReadNumber(text, i);
                tokens.Add(new Token(TokenKind.Number, start, text[start..i]));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, start, text[start..i]));
            }
            else
            {
                var kind = c switch
                {
                    '+' => TokenKind.Plus,
                    '-' => TokenKind.Minus,
                    '*' => TokenKind.Star,
                    '/' => TokenKind.Slash,
                    '(' => TokenKind.LeftParen,
                    ')' => TokenKind.RightParen,
                    ',' => TokenKind.Comma,
                    _ => throw Error(text, i, UnknownCharacter(c)),
                };
                tokens.Add(new Token(kind, start, c.ToString()));
                i++;
            }
        }

        tokens.Add(new Token(TokenKind.End, text.Length, string.Empty));
        return tokens;
    }

    private static int ReadNumber(string text, int start)
    {
        var i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fractionStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == fractionStart)
            {
                throw Error(text, start, $"的数字“{text[start..i]}”小数点后缺少数字");
            }
        }

        if (i < text.Length && (text[i] == '.' || char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            var end = i;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.'))
            {
                end++;
            }

            throw Error(text, start, $"的“{text[start..end]}”既不是数字也不是指标代码（指标代码不能以数字开头）");
        }

        return i;
    }

    private static string UnknownCharacter(char c)
    {
        if (c is '<' or '>' or '=' or '!' or '≤' or '≥' or '≠')
        {
            return $"出现了比较符号“{c}”：比较运算符请填在规则的“运算符”一栏，表达式里只写算式";
        }

        if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000' or '×' or '÷' or '−')
        {
            return $"的字符“{c}”无法识别：请改用半角（英文）符号，如 + - * / ( )";
        }

        if (char.IsLetter(c))
        {
            return $"的字符“{c}”无法识别：请使用指标代码（如 LOAN_BAL），不要直接写指标名称";
        }

        return $"的字符“{c}”无法识别：表达式只能包含指标代码、数字、+ - * /、括号、prev() 和 abs()";
    }

    private enum TokenKind
    {
        Number,
        Identifier,
        Plus,
        Minus,
        Star,
        Slash,
        LeftParen,
        RightParen,
        Comma,
        End,
    }

    private readonly record struct Token(TokenKind Kind, int Start, string Text);
}
